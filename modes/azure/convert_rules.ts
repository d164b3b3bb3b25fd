/**
 * `convert-kubeconfig` rules of the Azure login modes (SPEC section 7): the `get-token`
 * arguments a kubeconfig user gets after `--login <mode>`. Each Azure mode's descriptor uses
 * its rule as its `convert` member; the registry stays the only list of modes.
 *
 * Every rule starts with `--server-id` (required) and `--cache-dir` (when resolved). Values a
 * user would not want copied from an old kubeconfig into a new mode (secrets, a managed
 * identity's client id, workload identity settings) are taken only from flags given on the
 * command line.
 *
 * @module
 */

import { type ConvertInput, type ConvertRule, InputError } from "../types.ts";

/** A resolved value, or the `--<long> is required` error. */
function required(input: ConvertInput, long: string): string {
  const value = input.value(long);
  if (!value) throw new InputError(`--${long} is required`);
  return value;
}

/** `--server-id <s>` (required by every Azure mode), then `--cache-dir <d>` when resolved. */
function serverAndCache(input: ConvertInput): string[] {
  const args = ["--server-id", required(input, "server-id")];
  const cacheDir = input.value("cache-dir");
  if (cacheDir) args.push("--cache-dir", cacheDir);
  return args;
}

/** `--client-id`, `--tenant-id` (both required, in that order), `--environment` if set. */
function clientTenantEnvironment(input: ConvertInput): string[] {
  const clientId = required(input, "client-id");
  const tenantId = required(input, "tenant-id");
  const args = ["--client-id", clientId, "--tenant-id", tenantId];
  const environment = input.value("environment");
  if (environment) args.push("--environment", environment);
  return args;
}

/** `--<long> <v>` for each flag given on the command line, in the order listed. */
function givenFlags(input: ConvertInput, ...longs: string[]): string[] {
  return longs.flatMap((long) => {
    const value = input.flag(long);
    return value === undefined ? [] : [`--${long}`, value];
  });
}

/** `--<long> <v>` for each resolved value (flag, auth-provider config or existing args). */
function resolvedValues(input: ConvertInput, ...longs: string[]): string[] {
  return longs.flatMap((long) => {
    const value = input.value(long);
    return value ? [`--${long}`, value] : [];
  });
}

function legacy(input: ConvertInput): string[] {
  return input.enabled("legacy") ? ["--legacy"] : [];
}

/**
 * The PoP pair of interactive, spn and ropc: both or neither.
 *
 * @throws {InputError} when only one of `--pop-enabled` and `--pop-claims` is resolved
 */
export function popArgs(input: ConvertInput): string[] {
  const enabled = input.enabled("pop-enabled");
  const claims = input.value("pop-claims");
  if (enabled && !claims) {
    throw new InputError("--pop-claims is required when specifying --pop-enabled");
  }
  if (claims && !enabled) {
    throw new InputError("--pop-enabled is required when specifying --pop-claims");
  }
  return enabled ? ["--pop-enabled", "--pop-claims", claims] : [];
}

export const devicecodeConvert: ConvertRule = (input) => ({
  args: [...serverAndCache(input), ...clientTenantEnvironment(input), ...legacy(input)],
});

/** Never `--legacy`: the v1 endpoint has no interactive flow. */
export const interactiveConvert: ConvertRule = (input) => ({
  args: [
    ...serverAndCache(input),
    ...clientTenantEnvironment(input),
    ...popArgs(input),
    ...resolvedValues(input, "redirect-url", "login-hint"),
  ],
});

/** Credentials only from flags: never copied from the environment or the old kubeconfig. */
export const spnConvert: ConvertRule = (input) => ({
  args: [
    ...serverAndCache(input),
    ...clientTenantEnvironment(input),
    ...givenFlags(input, "client-secret", "client-certificate", "client-certificate-password"),
    ...legacy(input),
    ...popArgs(input),
    ...(input.flagOn("disable-environment-override") ? ["--disable-environment-override"] : []),
  ],
});

export const ropcConvert: ConvertRule = (input) => ({
  args: [
    ...serverAndCache(input),
    ...clientTenantEnvironment(input),
    ...givenFlags(input, "username", "password"),
    ...legacy(input),
    ...popArgs(input),
  ],
});

/** A user-assigned identity by client id wins over one by resource id; else system-assigned. */
export const msiConvert: ConvertRule = (input) => {
  const byClientId = givenFlags(input, "client-id");
  return {
    args: [
      ...serverAndCache(input),
      ...(byClientId.length > 0 ? byClientId : givenFlags(input, "identity-resource-id")),
    ],
  };
};

/**
 * The kubeconfig's tenant is ignored on purpose: az logged in with a managed identity cannot
 * be asked for a tenant, so only `--tenant-id` given on the command line is written.
 */
export const azurecliConvert: ConvertRule = (input) => {
  const configDir = input.flag("azure-config-dir");
  return {
    args: [...serverAndCache(input), ...givenFlags(input, "tenant-id", "subscription")],
    ...(configDir === undefined ? {} : { env: [{ name: "AZURE_CONFIG_DIR", value: configDir }] }),
  };
};

export const azdConvert: ConvertRule = (input) => ({
  args: [...serverAndCache(input), ...givenFlags(input, "tenant-id")],
});

export const workloadidentityConvert: ConvertRule = (input) => ({
  args: [
    ...serverAndCache(input),
    ...givenFlags(input, "client-id", "tenant-id", "authority-host", "federated-token-file"),
  ],
});

/** Unlike kubelogin, a `--client-id` given on the command line is written too. */
export const azurepipelinesConvert: ConvertRule = (input) => ({
  args: [
    ...serverAndCache(input),
    ...givenFlags(input, "client-id"),
    "--tenant-id",
    required(input, "tenant-id"),
    ...givenFlags(input, "azure-pipelines-service-connection-id"),
  ],
});
