import assert from "node:assert/strict";
import type { CacheEntry } from "./cache_entry.ts";
import { FRESH_MARGIN_MS, getOrAcquire } from "./get_or_acquire.ts";
import { openTokenCache, type TokenCache } from "./token_cache.ts";
import { entry, KEY_A, listDir, recordingLog, withTempDir } from "./testdata/helpers.ts";

const NOW = 1_800_000_000_000;
const HOUR = 3_600_000;

/** An `acquire` that records its calls and returns a new entry each time. */
function countingAcquire(expiresAt = NOW + HOUR) {
  const calls: (CacheEntry | undefined)[] = [];
  const acquire = (previous: CacheEntry | undefined): Promise<CacheEntry> => {
    calls.push(previous);
    return Promise.resolve(entry(`new-${calls.length}`, expiresAt, { refresh: calls.length }));
  };
  return { calls, acquire };
}

function options(signal = AbortSignal.timeout(10_000), now = NOW) {
  return { now: () => now, signal };
}

/** Holds `<key>.lock` from a separate open file, as another process would. */
async function holdLock(cache: TokenCache, key: string): Promise<Deno.FsFile> {
  await cache.withLock(key, AbortSignal.timeout(1000), () => Promise.resolve()); // creates dir
  const file = await Deno.open(`${cache.dir}/${key}.lock`, { read: true, write: true });
  file.lockSync(true);
  return file;
}

Deno.test("an empty cache acquires once, stores the entry, then serves it", async () => {
  await withTempDir(async (dir) => {
    const cache = openTokenCache({ dir, log: recordingLog() });
    const { calls, acquire } = countingAcquire();
    const first = await getOrAcquire(cache, KEY_A, options(), acquire);
    assert.deepEqual(first, {
      credential: { token: "new-1", expiresAt: NOW + HOUR },
      fromCache: false,
    });
    assert.deepEqual(calls, [undefined]);
    const second = await getOrAcquire(cache, KEY_A, options(), acquire);
    assert.deepEqual(second, { credential: first.credential, fromCache: true });
    assert.equal(calls.length, 1);
    assert.deepEqual(await cache.read(KEY_A), entry("new-1", NOW + HOUR, { refresh: 1 }));
  });
});

Deno.test("a fresh entry is served without taking the lock", async () => {
  await withTempDir(async (dir) => {
    const cache = openTokenCache({ dir, log: recordingLog() });
    await cache.write(KEY_A, entry("cached", NOW + HOUR));
    const held = await holdLock(cache, KEY_A);
    try {
      const { calls, acquire } = countingAcquire();
      const result = await getOrAcquire(cache, KEY_A, options(AbortSignal.timeout(200)), acquire);
      assert.deepEqual(result, {
        credential: { token: "cached", expiresAt: NOW + HOUR },
        fromCache: true,
      });
      assert.equal(calls.length, 0);
    } finally {
      held.close();
    }
  });
});

Deno.test("a token is served while it has at least 5 minutes left, then refreshed with the previous entry", async () => {
  await withTempDir(async (dir) => {
    const cache = openTokenCache({ dir, log: recordingLog() });
    const old = entry("old", NOW + FRESH_MARGIN_MS, { refreshToken: "r0" });
    await cache.write(KEY_A, old);
    const { calls, acquire } = countingAcquire();
    const atMargin = await getOrAcquire(cache, KEY_A, options(), acquire);
    assert.equal(atMargin.fromCache, true);
    const later = await getOrAcquire(cache, KEY_A, options(undefined, NOW + 1), acquire);
    assert.equal(later.fromCache, false);
    assert.deepEqual(calls, [old]);
    const custom = await getOrAcquire(cache, KEY_A, { ...options(), marginMs: 2 * HOUR }, acquire);
    assert.equal(custom.fromCache, false);
  });
});

Deno.test("an entry without expiry is never served from the cache", async () => {
  await withTempDir(async (dir) => {
    const cache = openTokenCache({ dir, log: recordingLog() });
    await cache.write(KEY_A, { credential: { token: "forever" }, state: "s" });
    const { calls, acquire } = countingAcquire();
    assert.equal((await getOrAcquire(cache, KEY_A, options(), acquire)).fromCache, false);
    assert.deepEqual(calls, [{ credential: { token: "forever" }, state: "s" }]);
  });
});

Deno.test("after waiting for the lock, an entry another process just stored is used", async () => {
  await withTempDir(async (dir) => {
    const cache = openTokenCache({ dir, log: recordingLog() });
    await cache.write(KEY_A, entry("expired", NOW - 1));
    const held = await holdLock(cache, KEY_A);
    const { calls, acquire } = countingAcquire();
    const pending = getOrAcquire(cache, KEY_A, options(), acquire);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await cache.write(KEY_A, entry("refreshed-elsewhere", NOW + HOUR));
    held.close();
    const result = await pending;
    assert.deepEqual(result, {
      credential: { token: "refreshed-elsewhere", expiresAt: NOW + HOUR },
      fromCache: true,
    });
    assert.equal(calls.length, 0);
  });
});

Deno.test("waiting for the lock ends when the signal aborts, with its reason", async () => {
  await withTempDir(async (dir) => {
    const cache = openTokenCache({ dir, log: recordingLog() });
    await cache.write(KEY_A, entry("expired", NOW - 1));
    const held = await holdLock(cache, KEY_A);
    try {
      const { calls, acquire } = countingAcquire();
      const signal = AbortSignal.timeout(100);
      await assert.rejects(getOrAcquire(cache, KEY_A, options(signal), acquire), (err) => {
        assert.equal(err, signal.reason);
        assert.equal((err as Error).name, "TimeoutError");
        return true;
      });
      assert.equal(calls.length, 0);
    } finally {
      held.close();
    }
  });
});

Deno.test("a failing acquire stores nothing and releases the lock", async () => {
  await withTempDir(async (dir) => {
    const cache = openTokenCache({ dir, log: recordingLog() });
    const failing = () => Promise.reject(new Error("AADSTS7000215: Invalid client secret"));
    await assert.rejects(getOrAcquire(cache, KEY_A, options(), failing), /AADSTS7000215/);
    assert.equal(await cache.read(KEY_A), undefined);
    const { acquire } = countingAcquire();
    const result = await getOrAcquire(cache, KEY_A, options(AbortSignal.timeout(500)), acquire);
    assert.equal(result.fromCache, false);
  });
});

Deno.test("concurrent callers in one process acquire once", async () => {
  await withTempDir(async (dir) => {
    const cache = openTokenCache({ dir, log: recordingLog() });
    let acquisitions = 0;
    const slowAcquire = async () => {
      acquisitions++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return entry("shared", NOW + HOUR);
    };
    const results = await Promise.all(
      Array.from({ length: 8 }, () => getOrAcquire(cache, KEY_A, options(), slowAcquire)),
    );
    assert.equal(acquisitions, 1);
    for (const r of results) assert.equal((r.credential as { token: string }).token, "shared");
    assert.equal(results.filter((r) => !r.fromCache).length, 1);
  });
});

Deno.test("a cache that cannot be used still yields a credential, with a warning saying why", async () => {
  await withTempDir(async (tmp) => {
    const dir = `${tmp}/not-a-dir`;
    await Deno.writeTextFile(dir, "");
    const log = recordingLog();
    const cache = openTokenCache({ dir, log });
    const { calls, acquire } = countingAcquire();
    const result = await getOrAcquire(cache, KEY_A, options(), acquire);
    assert.deepEqual(result, {
      credential: { token: "new-1", expiresAt: NOW + HOUR },
      fromCache: false,
    });
    assert.equal(calls.length, 1);
    assert.ok(log.lines.some((l) => /^0 token cache not used: .*is not a directory/.test(l)));
    assert.deepEqual(listDir(tmp), ["not-a-dir"]);
  });
});
