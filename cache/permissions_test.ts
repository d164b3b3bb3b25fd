/**
 * What the cache may do with which Deno permissions: a hit needs only read access to the cache
 * directory (and `sys: uid`); storing needs write access to that directory and nowhere else.
 * The directories are made before the confined tests run, since those cannot make them.
 */

import assert from "node:assert/strict";
import { getOrAcquire } from "./get_or_acquire.ts";
import { openTokenCache } from "./token_cache.ts";
import { entry, KEY_A, KEY_B, listDir, modeOf, recordingLog } from "./testdata/helpers.ts";

const HOUR = 3_600_000;
const root = await Deno.makeTempDir({ prefix: "kubelogin_cache_perm_test_" });
const filled = `${root}/filled`;
const empty = `${root}/empty`;
await openTokenCache({ dir: filled, log: recordingLog() }).write(
  KEY_A,
  entry("cached", Date.now() + HOUR, { refreshToken: "r" }),
);
await Deno.mkdir(empty);

Deno.test({
  name: "a cache hit needs only read access to the cache directory",
  permissions: { read: [filled], sys: ["uid"] },
  async fn() {
    const cache = openTokenCache({ dir: filled, log: recordingLog() });
    const fail = () => Promise.reject(new Error("acquire must not run on a hit"));
    const hit = await getOrAcquire(cache, KEY_A, {
      now: Date.now,
      signal: AbortSignal.timeout(1000),
    }, fail);
    assert.equal(hit.fromCache, true);
    assert.equal(await cache.read(KEY_B), undefined);
    await assert.rejects(() => cache.write(KEY_B, entry("x", 1)), Deno.errors.NotCapable);
  },
});

Deno.test({
  name: "without write access a miss still yields a credential, and a warning",
  permissions: { read: [filled], sys: ["uid"] },
  async fn() {
    const log = recordingLog();
    const cache = openTokenCache({ dir: filled, log });
    const acquire = () => Promise.resolve(entry("fresh", Date.now() + HOUR));
    const miss = await getOrAcquire(cache, KEY_B, {
      now: Date.now,
      signal: AbortSignal.timeout(1000),
    }, acquire);
    assert.equal((miss.credential as { token: string }).token, "fresh");
    assert.equal(miss.fromCache, false);
    assert.match(log.lines.join("\n"), /^0 token cache not used: .*write access/m);
  },
});

Deno.test({
  name: "storing writes inside the cache directory only (write access to nothing else)",
  permissions: { read: [empty], write: [empty], sys: ["uid"] },
  async fn() {
    const dir = `${empty}/nested/kubelogin/`;
    const cache = openTokenCache({ dir, log: recordingLog() });
    const acquire = () => Promise.resolve(entry("stored", Date.now() + HOUR));
    const signal = AbortSignal.timeout(1000);
    assert.equal(
      (await getOrAcquire(cache, KEY_A, { now: Date.now, signal }, acquire)).fromCache,
      false,
    );
    await cache.writePrivate("pop_rsa.key", new Uint8Array([1, 2, 3]));
    assert.deepEqual(await cache.readPrivate("pop_rsa.key"), new Uint8Array([1, 2, 3]));
  },
});

Deno.test("cleanup, and what the confined test wrote", async () => {
  try {
    const dir = `${empty}/nested/kubelogin`;
    assert.deepEqual(listDir(dir), [`${KEY_A}.json`, `${KEY_A}.lock`, "pop_rsa.key"]);
    assert.equal(modeOf(dir), 0o700);
    assert.deepEqual(listDir(filled), [`${KEY_A}.json`]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
