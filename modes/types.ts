/**
 * The contract between the CLI and a login mode. Every mode file in this folder exports one
 * {@linkcode ModeDescriptor}; `registry.ts` is the only list of them.
 *
 * A descriptor is cheap to import: it holds data and small functions. Whatever is heavy
 * (msal-node, YAML, PKCS#12) is imported inside `acquire`, which runs confined to the
 * permissions that `permissions(options)` declares (see `sandbox/`).
 *
 * @module
 */

import type { ExecInfo } from "../exec/exec_info.ts";

/** A command-line flag of `get-token`. Flags shared by several modes are one shared object. */
export interface OptionSpec {
  /** Long name without dashes, e.g. `token-file`. */
  readonly long: string;
  /** One-letter short form without the dash, e.g. `l`. */
  readonly short?: string;
  /** Placeholder for the value; absent for a boolean switch. */
  readonly value?: string;
  readonly description: string;
  /** Default shown in help; resolution applies defaults itself. */
  readonly defaultText?: string;
  /**
   * Environment variables that can supply the value, in the order they are read (a later one
   * wins over an earlier one), and whether they override a flag given on the command line.
   * `conditional` lists variables read only in some situations, which `note` explains.
   */
  readonly env?: {
    readonly names: readonly string[];
    readonly overridesFlag: boolean;
    readonly conditional?: { readonly names: readonly string[]; readonly note: string };
  };
  /** The value is a secret: never logged, redacted at every `-v` level. */
  readonly secret?: boolean;
  /** Accepted but not listed in help (deprecated aliases). */
  readonly hidden?: boolean;
}

/** Flags as given on the command line, by long name. Absent when not given. */
export type RawFlags = Readonly<Record<string, string | boolean>>;

/** Reads one environment variable (an injected dependency, so tests can supply their own). */
export type EnvReader = (name: string) => string | undefined;

/** What a mode's `resolve` gets: the flags given, and the environment. */
export interface ResolveInput {
  readonly flags: RawFlags;
  readonly env: EnvReader;
}

/** A kind of `sys` access (`hostname`, `uid`, …). */
export type SysKind = NonNullable<Deno.SysPermissionDescriptor["kind"]>;

/**
 * Deno permissions in exact terms: concrete paths, `host:port` pairs, variable names and
 * command names. Absent or empty means none.
 */
export interface Permissions {
  readonly read?: readonly string[];
  readonly net?: readonly string[];
  readonly env?: readonly string[];
  readonly run?: readonly string[];
  readonly sys?: readonly SysKind[];
}

/**
 * The most a mode can ever ask for, whatever its options: used to compute the permission flags
 * the binary is compiled with. Paths and hosts come from options, so they are all-or-nothing.
 */
export interface PermissionBounds {
  readonly read: boolean;
  readonly net: boolean;
  readonly run: boolean;
  readonly env: readonly string[];
  readonly sys: readonly SysKind[];
}

/** The result of a login: a bearer token, or a client certificate and key (PEM). */
export type Credential =
  & { readonly expiresAt?: number }
  & (
    | { readonly token: string }
    | { readonly clientCertificateData: string; readonly clientKeyData: string }
  );

/** Everything that shapes a cached token: entries are keyed by a hash of it. */
export type CacheIdentity = Readonly<Record<string, string | number | boolean | undefined>>;

/** What a mode's `acquire` can use. Everything it touches must be in its declared permissions. */
export interface AcquireContext {
  /** Reads a file the mode declared in `permissions().read`. */
  readFile(path: string): Promise<Uint8Array>;
  /** Writes a diagnostic line to stderr when `-v` is at least `level`. Never pass a secret. */
  log(level: number, message: string): void;
  /** Writes a message for the person at the terminal (e.g. device-code instructions) to stderr. */
  notice(message: string): void;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Aborts at the `--timeout` deadline: pass it to child processes and requests. */
  readonly signal: AbortSignal;
  /** `KUBERNETES_EXEC_INFO` as client-go passed it, when it did. */
  readonly execInfo: ExecInfo | undefined;
  /**
   * What a caching mode saved with {@linkcode saveState} last time for this identity (e.g. the
   * MSAL token cache holding a refresh token), if anything. JSON data.
   */
  readonly previousState: unknown;
  /** Keeps JSON data in this identity's cache entry, next to the credential. */
  saveState(state: unknown): void;
  /**
   * For a mode whose `popClaim` asked for a Proof-of-Possession token: the key id (RFC 7638
   * thumbprint) of the RSA key the host holds. The mode puts it in the token request
   * (`token_type=pop`, `req_cnf`) and returns the access token bound to it; the host signs the
   * PoP token on every run. The private key never reaches the mode.
   */
  readonly popKeyId: string | undefined;
}

/** One login mode. `O` is its resolved, structured-clonable options. */
export interface ModeDescriptor<O = unknown> {
  /** The `--login` value. */
  readonly name: string;
  /** One line for help and docs. */
  readonly summary: string;
  /** The `get-token` flags this mode reads. */
  readonly options: readonly OptionSpec[];
  /**
   * The `--timeout` of this mode when neither the flag nor `AZURE_CLI_TIMEOUT` is given, if not
   * the CLI's 60 s: a person signing in (device code, browser, MFA) needs longer than a machine.
   */
  readonly defaultTimeoutMs?: number;
  /** Whether tokens are kept in the token cache between runs (then `cacheIdentity` is set). */
  readonly caching: boolean;
  /**
   * Everything about these options that shapes the token (authority, tenant, client, scope,
   * user, legacy, PoP `u` claim), never a secret: different identities never share an entry.
   */
  cacheIdentity?(options: O): CacheIdentity;
  /** A `get-token` argument list that works for this mode, shown in docs and used by tests. */
  readonly exampleArgs: readonly string[];
  /** The environment `exampleArgs` expects, when it relies on one (e.g. set by a webhook). */
  readonly exampleEnv?: Readonly<Record<string, string>>;
  /** Static upper bound of `permissions()` for any options. */
  readonly bounds: PermissionBounds;
  /** Environment variables `resolve` reads besides those of its options' `env` bindings. */
  readonly resolveEnv: readonly string[];
  /**
   * Turns flags and environment into options, applying the mode's precedence rules and
   * validation. Throws {@linkcode InputError} for bad input. Must not touch files or network.
   */
  resolve(input: ResolveInput): O;
  /** The permissions `acquire` needs for these options; nothing outside them is granted. */
  permissions(options: O): Permissions;
  /** Keys of the resolved options that hold secrets; `-v` logging shows them redacted. */
  readonly secretKeys: readonly string[];
  /**
   * The PoP `u` claim (SPEC 9) when these options ask for a Proof-of-Possession token, else
   * undefined (or no member). Then `acquire` gets `context.popKeyId` and must return the access
   * token bound to that key; the host keeps the key in the cache directory and turns the token
   * into a signed PoP token, freshly on every run (new `ts` and `nonce`), cached or not.
   */
  popClaim?(options: O): string | undefined;
  /** Obtains a credential. Runs confined; see `sandbox/`. Never reads the token cache itself. */
  acquire(options: O, context: AcquireContext): Promise<Credential>;
  /**
   * How `convert-kubeconfig` writes a kubeconfig user for this mode: the `get-token` arguments
   * that follow `--login <name>`. Throws {@linkcode InputError} when a required value is missing.
   */
  readonly convert: ConvertRule;
}

/** One `name`/`value` entry of a kubeconfig exec stanza's `env` list. */
export interface ExecEnvVar {
  readonly name: string;
  readonly value: string;
}

/**
 * What a convert rule knows about the kubeconfig user it converts. Options are named by their
 * long flag name (`tenant-id`). Three sources, in order: the flag given on the
 * `convert-kubeconfig` command line; the user's legacy `auth-provider` config (only for the keys
 * it has: `environment`, `tenant-id`, `client-id`, `server-id` from `apiserver-id`, `legacy` from
 * `config-mode`); the user's existing exec args (`--cache-dir` also from `--token-cache-dir`).
 */
export interface ConvertInput {
  /** A value flag given on the command line (non-empty), else `undefined`. Never from the file. */
  flag(long: string): string | undefined;
  /** Whether a switch was given on the command line as on (`--x`, `--x=true`). */
  flagOn(long: string): boolean;
  /** The value from the first source that has one, else `""`. */
  value(long: string): string;
  /** A switch from the first source that has it, else `false`. */
  enabled(long: string): boolean;
}

/** What a convert rule writes: `get-token` arguments after `--login <mode>`, and exec env. */
export interface ConvertOutput {
  readonly args: readonly string[];
  /** The exec stanza's `env`; absent means `env: null`. */
  readonly env?: readonly ExecEnvVar[];
}

/** A mode's convert rule (SPEC section 7). Pure: no files, network or environment (it may load
 * its own code lazily, hence the promise). */
export type ConvertRule = (input: ConvertInput) => ConvertOutput | Promise<ConvertOutput>;

/**
 * Bad input from the user (a flag, an environment variable, a file's content). The message
 * names the input and what is wrong with it, and is safe to print.
 */
export class InputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InputError";
  }
}
