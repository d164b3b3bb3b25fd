/**
 * Which `client.authentication.k8s.io` version the plugin answers in.
 *
 * @module
 */

import { InputError } from "../modes/types.ts";
import { type ExecInfo, parseExecInfo } from "./exec_info.ts";

export const EXEC_V1 = "client.authentication.k8s.io/v1";
export const EXEC_V1BETA1 = "client.authentication.k8s.io/v1beta1";
export type ExecApiVersion = typeof EXEC_V1 | typeof EXEC_V1BETA1;

/** The values `--api-version` accepts, short and full. */
export const API_VERSION_CHOICES = ["v1", "v1beta1", EXEC_V1, EXEC_V1BETA1] as const;

export interface ApiVersionChoice {
  readonly apiVersion: ExecApiVersion;
  /** `KUBERNETES_EXEC_INFO`, when set and usable. */
  readonly execInfo: ExecInfo | undefined;
  /** Something the person should know (printed on stderr), e.g. a flag/env disagreement. */
  readonly warning?: string;
}

/**
 * Reads an `--api-version` value: `v1`, `v1beta1`, or the full `client.authentication.k8s.io/…`
 * form. Returns `undefined` for anything else.
 */
export function parseApiVersion(value: string): ExecApiVersion | undefined {
  const full = value.includes("/") ? value : `client.authentication.k8s.io/${value}`;
  return full === EXEC_V1 || full === EXEC_V1BETA1 ? full : undefined;
}

/**
 * Chooses the apiVersion: `--api-version` if given; else the one in `KUBERNETES_EXEC_INFO`
 * (v1 or v1beta1 only); else v1beta1. Needs no permissions.
 *
 * @param flag the parsed `--api-version`, if given
 * @param execInfoValue the value of `KUBERNETES_EXEC_INFO`, if set
 * @throws {InputError} for an unsupported or malformed `KUBERNETES_EXEC_INFO` (no flag given)
 */
export function chooseApiVersion(
  flag: ExecApiVersion | undefined,
  execInfoValue: string | undefined,
): ApiVersionChoice {
  if (flag === undefined) {
    const execInfo = parseExecInfo(execInfoValue);
    if (execInfo === undefined) return { apiVersion: EXEC_V1BETA1, execInfo };
    const apiVersion = parseApiVersion(execInfo.apiVersion);
    if (apiVersion === undefined || !execInfo.apiVersion.includes("/")) {
      throw new InputError(`api version: ${execInfo.apiVersion} is not supported`);
    }
    return { apiVersion, execInfo };
  }
  const apiVersion = flag;
  let execInfo: ExecInfo | undefined;
  try {
    execInfo = parseExecInfo(execInfoValue);
  } catch (err) {
    return {
      apiVersion,
      execInfo: undefined,
      warning: `ignoring KUBERNETES_EXEC_INFO: ${(err as Error).message}`,
    };
  }
  if (execInfo !== undefined && execInfo.apiVersion !== apiVersion) {
    return {
      apiVersion,
      execInfo,
      warning: `--api-version ${apiVersion} differs from ${
        execInfo.apiVersion || "the empty apiVersion"
      } in KUBERNETES_EXEC_INFO; client-go will reject the credential unless they match`,
    };
  }
  return { apiVersion, execInfo };
}
