/**
 * Common set-up for CLI tests against the fake Entra ID: a test CA that the product trusts via
 * `DENO_CERT`, the fake, a temp directory with fresh cache directories, and the flags that point
 * the product at the fake.
 *
 * @module
 */

import { type FakeEntraId, type FakeEntraIdOptions, startFakeEntraId } from "./fakes/entra_id.ts";
import { createTestCa, type TestCa } from "./fakes/tls.ts";

export const SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

export interface EntraSetup {
  readonly ca: TestCa;
  readonly entra: FakeEntraId;
  readonly dir: string;
  /** Environment for `runCli`: trusts the test CA. */
  readonly env: Record<string, string>;
  /** `--authority-host <fake> --tenant-id <tenant> --server-id <SERVER_ID>`. */
  readonly target: readonly string[];
  /** A new, empty cache directory path. */
  cacheDir(): string;
}

/** Starts everything; closes and removes it all when the test module unloads. */
export async function setUpEntra(options: FakeEntraIdOptions = {}): Promise<EntraSetup> {
  const ca = await createTestCa();
  // One known tenant, so that others are refused as Entra ID refuses them.
  const entra = await startFakeEntraId(ca, { tenants: [crypto.randomUUID()], ...options });
  const dir = await Deno.makeTempDir({ prefix: "kubelogin-entra-" });
  const caFile = `${dir}/ca.pem`;
  await Deno.writeTextFile(caFile, ca.certPem);
  globalThis.addEventListener("unload", () => {
    entra.close();
    Deno.removeSync(dir, { recursive: true });
  });
  let n = 0;
  return {
    ca,
    entra,
    dir,
    env: { DENO_CERT: caFile },
    target: [
      "--authority-host",
      entra.url,
      "--tenant-id",
      entra.tenantId,
      "--server-id",
      SERVER_ID,
    ],
    cacheDir: () => `${dir}/cache-${n++}`,
  };
}
