/**
 * kubectl often starts several plugin processes at once (parallel commands, scripts, shells).
 * 32 concurrent get-token runs on an empty cache must make one token request between them and
 * all print the same credential; after that, runs are served from the cache.
 */

import assert from "node:assert/strict";
import { runCli } from "./cli_harness.ts";
import { setUpEntra } from "./entra_setup.ts";

const SECRET = "concurrency-secret";
const app = crypto.randomUUID();
const { entra, env, target, cacheDir } = await setUpEntra({
  clients: [{ clientId: app, secret: SECRET }],
});

Deno.test("32 concurrent runs on an empty cache: one token request, one credential", async () => {
  const cache = cacheDir();
  const args = ["get-token", "--login", "spn", ...target, "--client-id", app, "--cache-dir", cache];
  const results = await Promise.all(
    Array.from(
      { length: 32 },
      () => runCli(args, { env: { ...env, AZURE_CLIENT_SECRET: SECRET } }),
    ),
  );
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  assert.equal(
    new Set(results.map((r) => r.stdout)).size,
    1,
    "every run printed the same credential",
  );
  assert.equal(entra.countRequests({ grantType: "client_credentials", clientId: app }), 1);
  const token = JSON.parse(results[0]!.stdout).status.token;
  assert.ok(await entra.verifyToken(token));
});
