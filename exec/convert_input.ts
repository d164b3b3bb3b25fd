/**
 * What `convert-kubeconfig` reads from one kubeconfig user, and the {@linkcode ConvertInput}
 * a mode's convert rule gets for it: each value from the flag given on the command line, else
 * the legacy `auth-provider` config, else the user's existing exec args.
 *
 * @module
 */

import type { ConvertInput, RawFlags } from "../modes/types.ts";

/** The parts of a kubeconfig user that conversion reads, as plain data. */
export interface UserSettings {
  readonly authProvider?: {
    readonly name: string;
    readonly config: Readonly<Record<string, string>>;
  };
  readonly exec?: {
    readonly command: string;
    readonly args: readonly string[];
    readonly installHint: string;
  };
}

/** Reads a user's settings from its `user` mapping (as `toJS()` gives it). Never throws. */
export function userSettings(user: unknown): UserSettings {
  if (!isRecord(user)) return {};
  const provider = user["auth-provider"];
  const exec = user["exec"];
  const text = (v: unknown) => (v === null || v === undefined || isRecord(v) ? "" : String(v));
  const config: Record<string, string> = {};
  if (isRecord(provider) && isRecord(provider["config"])) {
    for (const [k, v] of Object.entries(provider["config"])) config[k] = text(v);
  }
  return {
    ...(isRecord(provider) ? { authProvider: { name: text(provider["name"]), config } } : {}),
    ...(isRecord(exec)
      ? {
        exec: {
          command: text(exec["command"]),
          args: Array.isArray(exec["args"]) ? exec["args"].map(text) : [],
          installHint: text(exec["installHint"]),
        },
      }
      : {}),
  };
}

/** The legacy in-tree Azure auth provider that kubectl dropped in 1.26. */
export function isLegacyAzure(user: UserSettings): boolean {
  return user.authProvider?.name === "azure";
}

/** A user is converted if it uses the azure auth-provider, or an exec command with kubelogin. */
export function isConvertible(user: UserSettings): boolean {
  return isLegacyAzure(user) || (user.exec?.command.toLowerCase().includes("kubelogin") ?? false);
}

/** Where the legacy auth-provider config keeps the values it has. */
const AUTH_PROVIDER_KEYS: Readonly<Record<string, string>> = {
  "environment": "environment",
  "tenant-id": "tenant-id",
  "client-id": "client-id",
  "server-id": "apiserver-id",
};

/** Other spellings of a flag, after its own name, in order of preference. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  "cache-dir": ["cache-dir", "token-cache-dir"],
};

const spellings = (long: string) => ALIASES[long] ?? [long];

/**
 * The input of a convert rule for one user.
 *
 * @param flags the flags given on the `convert-kubeconfig` command line
 * @param shortNames long names of one-letter flags (`t` → `tenant-id`), to read existing args
 */
export function convertInput(
  flags: RawFlags,
  user: UserSettings,
  shortNames: ReadonlyMap<string, string> = new Map(),
): ConvertInput {
  const legacy = isLegacyAzure(user);
  const args = user.exec?.args ?? [];
  const given = (long: string) => {
    for (const name of spellings(long)) if (flags[name] !== undefined) return flags[name];
    return undefined;
  };
  return {
    flag(long) {
      const value = given(long);
      return typeof value === "string" && value !== "" ? value : undefined;
    },
    flagOn: (long) => given(long) === true,
    value(long) {
      const value = given(long);
      if (typeof value === "string") return value;
      const key = AUTH_PROVIDER_KEYS[long];
      if (legacy && key !== undefined) return user.authProvider?.config[key] ?? "";
      for (const name of spellings(long)) {
        const found = argValue(args, name, shortNames);
        if (found !== undefined) return found;
      }
      return "";
    },
    enabled(long) {
      const value = given(long);
      if (typeof value === "boolean") return value;
      if (legacy && long === "legacy") {
        const mode = user.authProvider?.config["config-mode"] ?? "";
        return mode === "" || mode === "0";
      }
      return argSwitch(args, long) ?? false;
    },
  };
}

/** The value of `--long v`, `--long=v` or `-x v` in an argument list; the last one wins. */
export function argValue(
  args: readonly string[],
  long: string,
  shortNames: ReadonlyMap<string, string> = new Map(),
): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith(`--${long}=`)) found = arg.slice(long.length + 3);
    else if (arg === `--${long}` || (/^-[^-]$/.test(arg) && shortNames.get(arg[1]!) === long)) {
      if (i + 1 < args.length) found = args[++i];
    }
  }
  return found;
}

/** Whether a switch is on in an argument list (`--x`, `--x=true`; `--x=false` is off). */
export function argSwitch(args: readonly string[], long: string): boolean | undefined {
  let found: boolean | undefined;
  for (const arg of args) {
    if (arg === `--${long}` || arg === `--${long}=true`) found = true;
    else if (arg === `--${long}=false`) found = false;
  }
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
