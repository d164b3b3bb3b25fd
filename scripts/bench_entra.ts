/**
 * Bench scenarios that need an identity provider: the fake Entra ID of the tests, over HTTPS
 * with a CA made for the run (trusted by the product through `DENO_CERT`).
 *
 * @module
 */

import { startFakeEntraId } from "../tests/fakes/entra_id.ts";
import { createTestCa } from "../tests/fakes/tls.ts";

export interface EntraBench {
  /** get-token arguments for spn against the fake, with this cache directory. */
  spnArgs(cacheDir: string): string[];
  /** Environment for the product: the secret and the CA. */
  readonly env: Record<string, string>;
  /** Client-credentials requests the fake has answered. */
  tokenRequests(): number;
  close(): Promise<void>;
}

/** Starts the fake with one service principal. Needs net (127.0.0.1) and write (`dir`). */
export async function startEntraBench(dir: string): Promise<EntraBench> {
  const ca = await createTestCa();
  const clientId = crypto.randomUUID();
  const secret = crypto.randomUUID();
  const entra = await startFakeEntraId(ca, { clients: [{ clientId, secret }] });
  const caFile = `${dir}/ca.pem`;
  await Deno.writeTextFile(caFile, ca.certPem);
  return {
    spnArgs: (cacheDir) => [
      "get-token",
      "--login",
      "spn",
      "--authority-host",
      entra.url,
      "--tenant-id",
      entra.tenantId,
      "--server-id",
      "6dae42f8-4368-4678-94ff-3960e28e3630",
      "--client-id",
      clientId,
      "--cache-dir",
      cacheDir,
    ],
    env: { DENO_CERT: caFile, AZURE_CLIENT_SECRET: secret },
    tokenRequests: () => entra.countRequests({ grantType: "client_credentials", clientId }),
    close: () => entra.close(),
  };
}
