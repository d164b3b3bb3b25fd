/**
 * `KUBERNETES_EXEC_INFO`: the ExecCredential that client-go (1.20 and later) passes to a
 * plugin on every run, in the kubeconfig's exec `apiVersion`. It never carries `status`.
 *
 * @module
 */

import { InputError } from "../modes/types.ts";

/** The cluster client-go describes when the kubeconfig sets `provideClusterInfo: true`. */
export interface ExecCluster {
  readonly server?: string;
  readonly tlsServerName?: string;
  readonly insecureSkipTlsVerify?: boolean;
  readonly certificateAuthorityData?: string;
  readonly proxyUrl?: string;
  /** The cluster's `client.authentication.k8s.io/exec` extension, as given. */
  readonly config?: unknown;
}

/** The parts of `KUBERNETES_EXEC_INFO` a plugin may use. */
export interface ExecInfo {
  readonly apiVersion: string;
  /** True only when client-go hands the terminal's stdin to the plugin. */
  readonly interactive: boolean;
  readonly cluster?: ExecCluster;
}

/**
 * Parses the value of `KUBERNETES_EXEC_INFO`. An unset or empty value gives `undefined`.
 * The apiVersion is returned as found; {@linkcode chooseApiVersion} judges it.
 *
 * Needs no permissions: the caller reads the variable.
 *
 * @throws {InputError} `cannot unmarshal "<value>" to ExecCredential: <cause>` for bad JSON.
 */
export function parseExecInfo(value: string | undefined): ExecInfo | undefined {
  if (value === undefined || value === "") return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch (err) {
    throw unmarshalError(value, (err as Error).message);
  }
  if (!isObject(doc)) throw unmarshalError(value, "not a JSON object");
  const spec = isObject(doc.spec) ? doc.spec : {};
  const info: { -readonly [K in keyof ExecInfo]: ExecInfo[K] } = {
    apiVersion: typeof doc.apiVersion === "string" ? doc.apiVersion : "",
    interactive: spec.interactive === true,
  };
  if (isObject(spec.cluster)) info.cluster = parseCluster(spec.cluster);
  return info;
}

function parseCluster(c: Record<string, unknown>): ExecCluster {
  const out: { -readonly [K in keyof ExecCluster]: ExecCluster[K] } = {};
  if (typeof c.server === "string") out.server = c.server;
  if (typeof c["tls-server-name"] === "string") out.tlsServerName = c["tls-server-name"];
  if (c["insecure-skip-tls-verify"] === true) out.insecureSkipTlsVerify = true;
  if (typeof c["certificate-authority-data"] === "string") {
    out.certificateAuthorityData = c["certificate-authority-data"];
  }
  if (typeof c["proxy-url"] === "string") out.proxyUrl = c["proxy-url"];
  if (c.config !== undefined) out.config = c.config;
  return out;
}

function unmarshalError(value: string, cause: string): InputError {
  return new InputError(`cannot unmarshal ${JSON.stringify(value)} to ExecCredential: ${cause}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
