/**
 * A writer killed (SIGKILL) at any moment leaves each entry either absent or whole, readers
 * running meanwhile never see a torn entry, and its temporary files are never taken for
 * entries and are cleaned up once stale.
 */

import assert from "node:assert/strict";
import { isOwnCacheFile, isTempName } from "./cache_files.ts";
import type { CacheEntry } from "./cache_entry.ts";
import { openTokenCache, type TokenCache } from "./token_cache.ts";
import { KEY_A, KEY_B, listDir, recordingLog, withTempDir } from "./testdata/helpers.ts";

const ROUNDS = 25;
const WRITERS = 2;
const FIXTURE = new URL("./testdata/writer.ts", import.meta.url).pathname;
const CONFIG = new URL("../deno.json", import.meta.url).pathname;
const KEYS = [KEY_A, KEY_B];

/** Asserts that `found` is one of the writer's complete entries. */
function assertWhole(found: CacheEntry | undefined, key: string): void {
  assert.ok(found !== undefined, `entry ${key.slice(0, 4)} exists but was not readable`);
  const state = found.state as { n: number; pad: string };
  assert.equal(state.pad.length, state.n);
  assert.equal((found.credential as { token: string }).token, `t-${state.n}`);
}

function startWriter(dir: string): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      "--config",
      CONFIG,
      `--allow-read=${dir}`,
      `--allow-write=${dir}`,
      "--allow-sys=uid",
      FIXTURE,
      dir,
      ...KEYS,
    ],
    stdout: "piped",
    stderr: "null",
  }).spawn();
}

async function waitReady(child: Deno.ChildProcess): Promise<void> {
  const reader = child.stdout.getReader();
  const { value } = await reader.read();
  assert.match(new TextDecoder().decode(value), /ready/);
  reader.releaseLock();
  await child.stdout.cancel();
}

/** Reads every key while the writers run; each read must give a whole entry. */
async function readWhileWriting(cache: TokenCache, ms: number): Promise<number> {
  const end = Date.now() + ms;
  let reads = 0;
  while (Date.now() < end) {
    for (const key of KEYS) {
      assertWhole(await cache.read(key), key);
      reads++;
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return reads;
}

Deno.test("entries survive writers killed at random moments, whole or not at all", async () => {
  await withTempDir(async (dir) => {
    const reader = openTokenCache({ dir, log: recordingLog() });
    let reads = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const writers = Array.from({ length: WRITERS }, () => startWriter(dir));
      await Promise.all(writers.map(waitReady));
      reads += await readWhileWriting(reader, Math.random() * 40);
      for (const writer of writers) writer.kill("SIGKILL");
      for (const writer of writers) assert.equal((await writer.status).signal, "SIGKILL");
      for (const key of KEYS) assertWhole(await reader.read(key), key);
    }
    assert.ok(reads > 0);

    const names = listDir(dir);
    const temps = names.filter(isTempName);
    for (const name of names) assert.ok(isOwnCacheFile(name), name);
    assert.deepEqual(names.filter((n) => !isTempName(n)), KEYS.map((k) => `${k}.json`).sort());

    // Temporary files of killed writers go away with the first write after they are stale.
    const longAgo = new Date(Date.now() - 120_000);
    for (const name of temps) await Deno.utime(`${dir}/${name}`, longAgo, longAgo);
    const before = await reader.read(KEY_A);
    await reader.write(KEY_A, before!);
    assert.deepEqual(listDir(dir), KEYS.map((k) => `${k}.json`).sort());
    console.log(`${ROUNDS} rounds, ${reads} reads during writes, ${temps.length} temp files left`);
  });
});
