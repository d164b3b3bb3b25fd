import assert from "node:assert/strict";
import { cacheKey, getOrAcquire, openTokenCache } from "../cache/mod.ts";
import { describeRemoval } from "./remove_cache_dir.ts";
import { removeCacheFiles, RemoveError } from "./remove_cache_files.ts";

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "kubelogin-remove-test-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const names = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();
const quiet = () => {};

/** A cache with an entry, a lock file and a private file, written by the cache library. */
async function populate(dir: string): Promise<string[]> {
  const cache = openTokenCache({ dir, log: quiet });
  const key = await cacheKey({ mode: "spn", tenant: "t", clientId: "c", scope: "s/.default" });
  await cache.withLock(key, new AbortController().signal, async () => {
    await cache.write(key, { credential: { token: "secret-token", expiresAt: Date.now() + 1e6 } });
  });
  await cache.writePrivate("pop_rsa.key", new TextEncoder().encode("key"));
  return names(dir);
}

Deno.test("removes a cache the cache library wrote, then the empty directory", async () => {
  await withTempDir(async (tmp) => {
    const dir = `${tmp}/kubelogin/`;
    const written = await populate(dir);
    assert.equal(written.length, 3, `entry, lock, private file: ${written}`);
    const report = removeCacheFiles(dir);
    assert.deepEqual(report, { missing: false, removed: written, left: [], dirRemoved: true });
    assert.deepEqual(names(tmp), []);
  });
});

Deno.test("an unrelated file stays, and so does the directory", async () => {
  await withTempDir(async (dir) => {
    const ours = await populate(dir);
    await Deno.writeTextFile(`${dir}/notes.txt`, "mine");
    await Deno.writeTextFile(`${dir}/auth.json`, "{}"); // Azure kubelogin's record
    const report = removeCacheFiles(dir);
    assert.deepEqual(report.removed, [...ours, "auth.json"].sort());
    assert.deepEqual(report.left, [{ name: "notes.txt", kind: "file" }]);
    assert.equal(report.dirRemoved, false);
    assert.deepEqual(names(dir), ["notes.txt"]);
    assert.equal(await Deno.readTextFile(`${dir}/notes.txt`), "mine");
  });
});

Deno.test("subdirectories and symlinks are left alone, even under cache names", async () => {
  await withTempDir(async (tmp) => {
    const dir = `${tmp}/cache`;
    const outside = `${tmp}/outside`;
    await Deno.mkdir(`${outside}/nested`, { recursive: true });
    await Deno.writeTextFile(`${outside}/${"c".repeat(64)}.json`, "outside");
    await Deno.mkdir(`${dir}/sub`, { recursive: true });
    await Deno.writeTextFile(`${dir}/sub/${"d".repeat(64)}.json`, "nested");
    await Deno.symlink(`${outside}/${"c".repeat(64)}.json`, `${dir}/${"e".repeat(64)}.json`);
    await Deno.symlink(outside, `${dir}/linked-dir`);
    await Deno.mkdir(`${dir}/${"f".repeat(64)}.lock`); // a directory with a lock name
    const report = removeCacheFiles(dir);
    assert.deepEqual(report.removed, []);
    assert.deepEqual(report.left, [
      { name: `${"e".repeat(64)}.json`, kind: "symlink" },
      { name: `${"f".repeat(64)}.lock`, kind: "directory" },
      { name: "linked-dir", kind: "symlink" },
      { name: "sub", kind: "directory" },
    ]);
    assert.deepEqual(names(`${dir}/sub`), [`${"d".repeat(64)}.json`]);
    assert.deepEqual(names(outside), [`${"c".repeat(64)}.json`, "nested"]);
    assert.equal(
      describeRemoval(dir, report),
      `no cache files in "${dir}"; left 4 files that kubelogin did not create: ` +
        `${"e".repeat(64)}.json (symlink), ${"f".repeat(64)}.lock/, linked-dir (symlink), sub/`,
    );
  });
});

Deno.test("a cache directory that is a symlink is emptied; the link and its target stay", async () => {
  await withTempDir(async (tmp) => {
    await populate(`${tmp}/real`);
    await Deno.symlink(`${tmp}/real`, `${tmp}/link`);
    const report = removeCacheFiles(`${tmp}/link/`);
    assert.equal(report.removed.length, 3);
    assert.equal(report.dirRemoved, false);
    assert.deepEqual(names(`${tmp}/real`), []);
    assert.ok(Deno.lstatSync(`${tmp}/link`).isSymlink);
    assert.match(
      describeRemoval(`${tmp}/link/`, report),
      /kept the directory: it is a symbolic link$/,
    );
  });
});

Deno.test("a missing directory is reported, not an error; an empty one is removed", async () => {
  await withTempDir(async (tmp) => {
    const missing = removeCacheFiles(`${tmp}/nope/`);
    assert.deepEqual(missing, { missing: true, removed: [], left: [], dirRemoved: false });
    assert.equal(
      describeRemoval(`${tmp}/nope/`, missing),
      `nothing to remove: "${tmp}/nope/" does not exist`,
    );
    await Deno.mkdir(`${tmp}/empty`);
    const empty = removeCacheFiles(`${tmp}/empty`);
    assert.deepEqual(empty, { missing: false, removed: [], left: [], dirRemoved: true });
    assert.equal(
      describeRemoval(`${tmp}/empty`, empty),
      `removed the empty directory "${tmp}/empty"`,
    );
  });
});

Deno.test("a file where the directory should be is an error naming it", async () => {
  await withTempDir(async (tmp) => {
    await Deno.writeTextFile(`${tmp}/file`, "");
    assert.throws(() => removeCacheFiles(`${tmp}/file`), (err) => {
      assert.ok(err instanceof RemoveError);
      assert.equal(err.message, `cannot list "${tmp}/file": not a directory`);
      return true;
    });
  });
});

Deno.test("the report lists at most ten names", () => {
  const left = Array.from({ length: 12 }, (_, i) => ({ name: `f${i}`, kind: "file" as const }));
  const text = describeRemoval("/c/", { missing: false, removed: ["x"], left, dirRemoved: false });
  assert.equal(
    text,
    'removed 1 cache file from "/c/"; left 12 files that kubelogin did not create: ' +
      "f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, and 2 more",
  );
});

Deno.test("removing while a get-token holds the entry's lock: it still gets its token", async () => {
  await withTempDir(async (tmp) => {
    const dir = `${tmp}/cache`;
    const warnings: string[] = [];
    const cache = openTokenCache({ dir, log: (level, m) => level === 0 && warnings.push(m) });
    const key = await cacheKey({ mode: "spn", tenant: "t" });
    const signal = new AbortController().signal;
    const result = await getOrAcquire(cache, key, { now: Date.now, signal }, () => {
      // The login is in progress, holding <key>.lock, when remove-cache-dir runs.
      const report = removeCacheFiles(dir);
      assert.deepEqual(report.removed, [`${key}.lock`]);
      assert.equal(report.dirRemoved, true);
      return Promise.resolve({ credential: { token: "fresh", expiresAt: Date.now() + 1e6 } });
    });
    assert.equal("token" in result.credential && result.credential.token, "fresh");
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^could not save the token in the token cache/);
    assert.deepEqual(names(tmp), []);
  });
});
