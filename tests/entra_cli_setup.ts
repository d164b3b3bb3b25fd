/**
 * Shared setup of the CLI tests of the Entra ID user modes: a fake Entra ID over HTTPS whose
 * CA the product trusts through `DENO_CERT`, a public client, users, a service principal, and
 * helpers to build `get-token` arguments, give each test its own cache directory, and look
 * into cache entries.
 *
 * @module
 */

import { runCli } from "./cli_harness.ts";
import { type ClientCertificate, createClientCertificate } from "./fakes/entra_id_cert.ts";
import { type FakeEntraId, type FakeEntraIdOptions, startFakeEntraId } from "./fakes/entra_id.ts";
import { createTestCa, type TestCa } from "./fakes/tls.ts";

export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
/** AKS's first-party public client, as AKS kubeconfigs name it. */
export const PUBLIC_APP = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";
export const ALICE = { username: "alice@contoso.example", password: "correct horse battery" };
export const BOB = { username: "bob@contoso.example", password: "tr0ub4dor&3" };
export const SPN = { clientId: "11111111-1111-1111-1111-111111111111", secret: "s3cr3t~v@lue" };
export const CERT_APP = "22222222-2222-2222-2222-222222222222";

/** A token lifetime under 5 minutes: the product's cache and msal both count it as expired. */
export const SHORT_LIFETIME = 120;

export interface EntraCli extends AsyncDisposable {
  readonly ca: TestCa;
  readonly entra: FakeEntraId;
  readonly cert: ClientCertificate;
  /** A private temp directory, removed on dispose. */
  readonly dir: string;
  /** The fake's CA certificate file, for `DENO_CERT`. */
  readonly caFile: string;
  /** Lifetime in seconds of the access tokens issued from now on. */
  lifetime(seconds: number): void;
  /** A new, empty cache directory. */
  cacheDir(): string;
  /** `get-token --login <mode>` with server, client, tenant, authority host and cache dir. */
  args(mode: string, cacheDir: string, ...more: string[]): string[];
  /** The run's environment: `DENO_CERT` plus `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Runs the CLI against the fake. */
  run(args: string[], extra?: Record<string, string>): ReturnType<typeof runCli>;
  /** The one cache entry in `cacheDir`, parsed. */
  entry(cacheDir: string): Promise<CacheEntryFile>;
}

/** A cache entry file as the product writes it. */
export interface CacheEntryFile {
  readonly path: string;
  readonly mode: number;
  readonly text: string;
  readonly credential: { token: string; expiresAt?: number };
  readonly state: Record<string, unknown> | undefined;
}

/** Starts the fake and the helpers. Needs net (127.0.0.1), read/write (temp), run (deno). */
export async function startEntraCli(options: FakeEntraIdOptions = {}): Promise<EntraCli> {
  const ca = await createTestCa();
  const cert = await createClientCertificate(ca);
  const dir = await Deno.makeTempDir({ prefix: "kubelogin-entra-cli-" });
  const caFile = `${dir}/ca.pem`;
  await Deno.writeTextFile(caFile, ca.certPem);
  const tokens = { accessTokenLifetimeSeconds: 3600 };
  const entra = await startFakeEntraId(ca, {
    tenants: [TENANT],
    clients: [
      { clientId: PUBLIC_APP },
      SPN,
      { clientId: CERT_APP, certificatePem: cert.pem },
    ],
    users: [ALICE, BOB],
    tokens,
    deviceCode: { intervalSeconds: 0.1 },
    ...options,
  });
  let n = 0;
  const env = (extra: Record<string, string> = {}) => ({ DENO_CERT: caFile, ...extra });
  return {
    ca,
    entra,
    cert,
    dir,
    caFile,
    lifetime: (seconds) => void (tokens.accessTokenLifetimeSeconds = seconds),
    cacheDir: () => `${dir}/cache-${n++}`,
    args: (mode, cacheDir, ...more) => [
      "get-token",
      "--login",
      mode,
      "--server-id",
      SERVER_ID,
      "--client-id",
      mode === "spn" ? SPN.clientId : PUBLIC_APP,
      "--tenant-id",
      TENANT,
      "--authority-host",
      entra.url,
      "--cache-dir",
      cacheDir,
      ...more,
    ],
    env,
    run: (args, extra) => runCli(args, { env: env(extra) }),
    async entry(cacheDir) {
      const names = [...Deno.readDirSync(cacheDir)].map((e) => e.name)
        .filter((name) => /^[0-9a-f]{64}\.json$/.test(name));
      if (names.length !== 1) throw new Error(`want one cache entry, found ${names.length}`);
      const path = `${cacheDir}/${names[0]}`;
      const text = await Deno.readTextFile(path);
      const doc = JSON.parse(text);
      return {
        path,
        mode: (await Deno.stat(path)).mode! & 0o777,
        text,
        credential: doc.credential,
        state: doc.state,
      };
    },
    async [Symbol.asyncDispose]() {
      await entra.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** The token and expiry of an ExecCredential on stdout. */
export function printed(stdout: string): { token: string; expiresAt: number } {
  const status = JSON.parse(stdout).status;
  return { token: status.token, expiresAt: Date.parse(status.expirationTimestamp) };
}

/** Refresh tokens inside a saved msal cache (the `state` of a public-client entry). */
export function savedRefreshTokens(state: Record<string, unknown> | undefined): string[] {
  if (typeof state?.v1RefreshToken === "string") return [state.v1RefreshToken];
  if (typeof state?.msal !== "string") return [];
  const cache = JSON.parse(state.msal) as { RefreshToken?: Record<string, { secret: string }> };
  return Object.values(cache.RefreshToken ?? {}).map((rt) => rt.secret);
}
