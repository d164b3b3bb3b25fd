/**
 * Fake `az` and `azd` executables for the `azurecli` and `azd` modes: shell scripts in a temp
 * directory (put it first on `PATH`) that print what the real CLIs print for
 *   `az account get-access-token --resource <r> [--tenant t] [--subscription s] --output json`
 *   `azd auth token --output json --scope <s> [--tenant-id t]`
 * with real JWTs, record each call's argv and chosen environment variables, and reproduce the
 * real CLIs' failures (text and exit code). Reconfigure between calls with `configureAz` /
 * `configureAzd`; the scripts need nothing but `/bin/sh`.
 *
 * @module
 */

import { azdErrorEvent, azdOutput, azOutput, type CliToken } from "./fake_cli_formats.ts";
import { azdScript, azScript, type CliAnswer, type CliFailure } from "./fake_cli_scripts.ts";
import { createTokenSigner, guid, nowSeconds, type TokenSigner } from "./identity_tokens.ts";

export type { CliFailure } from "./fake_cli_scripts.ts";
export {
  azdErrorEvent,
  azdOutput,
  azLocalTime,
  azOutput,
  type CliToken,
} from "./fake_cli_formats.ts";

export const AKS_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** Real error output of the CLIs, for tests that expect it shown verbatim. */
export const AZ_NOT_LOGGED_IN = "ERROR: Please run 'az login' to setup account.\n";
export const AZ_TENANT_AND_SUBSCRIPTION =
  "ERROR: Please specify only one of subscription and tenant, not both\n";
export const AZD_NOT_LOGGED_IN_MESSAGE = "not logged in, run `azd auth login` to login";

export interface AzSubscription {
  readonly id: string;
  readonly name: string;
  readonly tenantId: string;
}

export interface FakeAzConfig {
  /** Default true; false reproduces `ERROR: Please run 'az login' to setup account.` */
  readonly loggedIn?: boolean;
  /** The first is the default subscription. Default: one generated. */
  readonly subscriptions?: readonly AzSubscription[];
  /** Tenants usable with `--tenant` besides the subscriptions' own. */
  readonly extraTenants?: readonly string[];
  /** Resources tokens are prepared for. Default: the AKS server id. */
  readonly resources?: readonly string[];
  /** Default 3599 s. */
  readonly lifetimeSeconds?: number;
  /** Leave out `expires_on`, as az before 2.54 did. */
  readonly omitEpoch?: boolean;
  readonly failure?: CliFailure;
  readonly hangSeconds?: number;
}

export interface FakeAzdConfig {
  readonly loggedIn?: boolean;
  /** Tenant used without `--tenant-id`. Default: generated. */
  readonly tenantId?: string;
  readonly extraTenants?: readonly string[];
  /** Scopes tokens are prepared for. Default: the AKS server id's `/.default` scope. */
  readonly scopes?: readonly string[];
  readonly lifetimeSeconds?: number;
  readonly failure?: CliFailure;
  readonly hangSeconds?: number;
}

/** One recorded invocation. */
export interface CliCall {
  readonly tool: "az" | "azd";
  readonly argv: readonly string[];
  /** The recorded variables that were set. */
  readonly env: Readonly<Record<string, string>>;
}

export interface FakeCli {
  /** Holds `az` and `azd`; put it first on `PATH`. */
  readonly dir: string;
  readonly signer: TokenSigner;
  /** The default az subscription. */
  readonly subscription: AzSubscription;
  /** The azd default tenant. */
  readonly azdTenantId: string;
  /** Tokens the current scripts hand out. */
  readonly tokens: readonly CliToken[];
  /** `dir` prepended to `path`. */
  pathWith(path?: string): string;
  /** Calls so far: all az calls in order, then all azd calls (or those of one tool). */
  calls(tool?: "az" | "azd"): Promise<CliCall[]>;
  configureAz(config: FakeAzConfig): Promise<void>;
  configureAzd(config: FakeAzdConfig): Promise<void>;
  /** Removes the directory. */
  cleanup(): Promise<void>;
}

export interface FakeCliOptions {
  readonly az?: FakeAzConfig;
  readonly azd?: FakeAzdConfig;
  /** Variables recorded with each call. Default: AZURE_CONFIG_DIR, AZD_CONFIG_DIR, HOME, PATH. */
  readonly recordEnv?: readonly string[];
  readonly signer?: TokenSigner;
}

/** Writes the fakes into a new temp directory. Needs write access to the temp dir. */
export async function writeFakeCli(options: FakeCliOptions = {}): Promise<FakeCli> {
  const signer = options.signer ?? await createTokenSigner();
  const dir = await Deno.makeTempDir({ prefix: "fake-cli-" });
  const callsDir = `${dir}/.calls`;
  await Deno.mkdir(callsDir);
  const recordEnv = options.recordEnv ?? ["AZURE_CONFIG_DIR", "AZD_CONFIG_DIR", "HOME", "PATH"];
  const subscription: AzSubscription = { id: guid(), name: "Contoso Dev", tenantId: guid() };
  const azdTenantId = options.azd?.tenantId ?? guid();
  let azTokens: CliToken[] = [];
  let azdTokens: CliToken[] = [];
  const base = { callsDir, recordEnv };
  const sign = async (tool: "az" | "azd", target: string, tenantId: string, lifetime: number) => {
    const iat = nowSeconds();
    const aud = target.replace(/\/\.default$/, "").replace(/\/$/, "");
    const token = await signer.sign({
      aud,
      iss: `https://sts.windows.net/${tenantId}/`,
      iat,
      nbf: iat,
      exp: iat + lifetime,
      oid: "00000000-0000-0000-0000-0000000000aa",
      tid: tenantId,
      upn: "dev@contoso.example",
      ver: "1.0",
    });
    return { tool, target, tenantId, token, expiresOn: iat + lifetime };
  };

  const fake: FakeCli = {
    dir,
    signer,
    subscription,
    azdTenantId,
    get tokens() {
      return [...azTokens, ...azdTokens];
    },
    pathWith: (path) => path ? `${dir}:${path}` : dir,
    async configureAz(c) {
      const subs = c.subscriptions ?? [subscription];
      const tenants = [...new Set([...subs.map((s) => s.tenantId), ...(c.extraTenants ?? [])])];
      const answers: CliAnswer[] = [];
      azTokens = [];
      for (const resource of c.resources ?? [AKS_SERVER_ID]) {
        for (const tenant of tenants) {
          const t = await sign("az", resource, tenant, c.lifetimeSeconds ?? 3599);
          azTokens.push(t);
          answers.push({
            key: `${resource}|${tenant}|`,
            stdout: azOutput(t, undefined, c.omitEpoch),
          });
          for (const s of subs.filter((s) => s.tenantId === tenant)) {
            answers.push({
              key: `${resource}|${tenant}|${s.id}`,
              stdout: azOutput(t, s.id, c.omitEpoch),
            });
          }
        }
      }
      const script = azScript({
        ...base,
        loggedIn: c.loggedIn ?? true,
        subscriptions: subs,
        answers,
        failure: c.failure,
        hangSeconds: c.hangSeconds,
      });
      await writeExecutable(`${dir}/az`, script);
    },
    async configureAzd(c) {
      const tenants = [...new Set([c.tenantId ?? azdTenantId, ...(c.extraTenants ?? [])])];
      const answers: CliAnswer[] = [];
      azdTokens = [];
      for (const scope of c.scopes ?? [`${AKS_SERVER_ID}/.default`]) {
        for (const tenant of tenants) {
          const t = await sign("azd", scope, tenant, c.lifetimeSeconds ?? 3599);
          azdTokens.push(t);
          answers.push({ key: `${scope}|${tenant}`, stdout: azdOutput(t) });
        }
      }
      const script = azdScript({
        ...base,
        loggedIn: c.loggedIn ?? true,
        defaultTenantId: c.tenantId ?? azdTenantId,
        answers,
        errorEvent: azdErrorEvent,
        failure: c.failure,
        hangSeconds: c.hangSeconds,
      });
      await writeExecutable(`${dir}/azd`, script);
    },
    calls: (tool) => readCalls(callsDir, tool),
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
  await fake.configureAz(options.az ?? {});
  await fake.configureAzd(options.azd ?? {});
  return fake;
}

async function writeExecutable(path: string, text: string): Promise<void> {
  // Write then rename, so a script being run is never seen half-written.
  await Deno.writeTextFile(`${path}.tmp`, text, { mode: 0o755 });
  await Deno.chmod(`${path}.tmp`, 0o755);
  await Deno.rename(`${path}.tmp`, path);
}

async function readCalls(callsDir: string, tool?: "az" | "azd"): Promise<CliCall[]> {
  const found: { tool: "az" | "azd"; n: number; name: string }[] = [];
  for await (const entry of Deno.readDir(callsDir)) {
    const m = /^(azd?)\.(\d+)$/.exec(entry.name);
    if (m && (!tool || m[1] === tool)) {
      found.push({ tool: m[1] as "az" | "azd", n: Number(m[2]), name: entry.name });
    }
  }
  found.sort((a, b) => a.tool.localeCompare(b.tool) || a.n - b.n);
  const calls: CliCall[] = [];
  for (const f of found) {
    const fields = (await Deno.readTextFile(`${callsDir}/${f.name}`)).split("\0").slice(0, -1);
    const argc = Number(fields[0]);
    const env: Record<string, string> = {};
    for (const entry of fields.slice(1 + argc)) {
      const eq = entry.indexOf("=");
      env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    calls.push({ tool: f.tool, argv: fields.slice(1, 1 + argc), env });
  }
  return calls;
}
