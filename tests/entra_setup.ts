/**
 * The fake Entra ID set-up of `entra_cli_setup.ts`, shaped for tests that bring their own
 * clients: the flags that point `get-token` at the fake (authority host, tenant, server id),
 * the environment that trusts its CA, and clean-up when the test module unloads.
 *
 * @module
 */

import { type EntraCli, SERVER_ID, startEntraCli } from "./entra_cli_setup.ts";
import type { FakeEntraIdOptions } from "./fakes/entra_id.ts";

export { SERVER_ID };

export interface EntraSetup extends Pick<EntraCli, "ca" | "entra" | "dir" | "cacheDir"> {
  /** Environment for `runCli`: trusts the test CA. */
  readonly env: Record<string, string>;
  /** `--authority-host <fake> --tenant-id <tenant> --server-id <SERVER_ID>`. */
  readonly target: readonly string[];
}

/** Starts the fake with `options` (replacing the default clients when given). */
export async function setUpEntra(options: FakeEntraIdOptions = {}): Promise<EntraSetup> {
  const t = await startEntraCli(options);
  globalThis.addEventListener("unload", () => void t[Symbol.asyncDispose]());
  return {
    ca: t.ca,
    entra: t.entra,
    dir: t.dir,
    cacheDir: t.cacheDir,
    env: t.env(),
    target: [
      "--authority-host",
      t.entra.url,
      "--tenant-id",
      t.entra.tenantId,
      "--server-id",
      SERVER_ID,
    ],
  };
}
