import assert from "node:assert/strict";
import { isTempName } from "./cache_files.ts";
import { openTokenCache } from "./token_cache.ts";
import {
  entry,
  KEY_A,
  KEY_B,
  listDir,
  modeOf,
  recordingLog,
  withTempDir,
} from "./testdata/helpers.ts";

const IS_ROOT = Deno.uid() === 0;
if (!IS_ROOT) console.warn("token_cache_test: not root, so the foreign-owner tests are skipped");
const HOUR = 3_600_000;

/** `dir` as a path relative to the working directory. */
function relativeTo(dir: string): string {
  const up = Deno.cwd().split("/").filter(Boolean).map(() => "..");
  return [...up, ...dir.split("/").filter(Boolean)].join("/");
}

Deno.test("write then read returns the entry; the directory is created 0700 and the file 0600", async () => {
  await withTempDir(async (tmp) => {
    const dir = `${tmp}/home/.kube/cache/kubelogin`;
    const cache = openTokenCache({ dir, log: recordingLog() });
    assert.equal(await cache.read(KEY_A), undefined);
    const stored = entry("token-a", Date.now() + HOUR, { refreshToken: "r", n: [1, 2] });
    await cache.write(KEY_A, stored);
    assert.deepEqual(await cache.read(KEY_A), stored);
    assert.equal(modeOf(dir), 0o700);
    assert.equal(modeOf(`${tmp}/home/.kube`), 0o700);
    assert.equal(modeOf(`${dir}/${KEY_A}.json`), 0o600);
    assert.deepEqual(listDir(dir), [`${KEY_A}.json`]);
  });
});

Deno.test("entries of different keys are separate; a rewrite replaces the entry", async () => {
  await withTempDir(async (dir) => {
    const cache = openTokenCache({ dir, log: recordingLog() });
    await cache.write(KEY_A, entry("a1", 1));
    await cache.write(KEY_B, { credential: { clientCertificateData: "C", clientKeyData: "K" } });
    await cache.write(KEY_A, entry("a2", 2));
    assert.deepEqual(await cache.read(KEY_A), entry("a2", 2));
    assert.deepEqual(await cache.read(KEY_B), {
      credential: { clientCertificateData: "C", clientKeyData: "K" },
    });
  });
});

Deno.test("the directory works with a trailing slash and as a relative path", async () => {
  await withTempDir(async (dir) => {
    await openTokenCache({ dir: `${dir}/`, log: recordingLog() }).write(KEY_A, entry("t", 1));
    const relative = openTokenCache({ dir: relativeTo(dir), log: recordingLog() });
    assert.deepEqual(await relative.read(KEY_A), entry("t", 1));
    await relative.write(KEY_B, entry("u", 2));
    assert.deepEqual(listDir(dir), [`${KEY_A}.json`, `${KEY_B}.json`]);
  });
  assert.throws(() => openTokenCache({ dir: "", log: recordingLog() }), /must not be empty/);
});

Deno.test("an entry readable by group or others is not used, and the next write replaces it 0600", async () => {
  await withTempDir(async (dir) => {
    const log = recordingLog();
    const cache = openTokenCache({ dir, log });
    await cache.write(KEY_A, entry("exposed", Date.now() + HOUR));
    await Deno.chmod(`${dir}/${KEY_A}.json`, 0o644);
    assert.equal(await cache.read(KEY_A), undefined);
    assert.match(log.lines.at(-1)!, /^1 ignoring .*group or others \(mode 0644\)/);
    await cache.write(KEY_A, entry("private", 1));
    assert.equal(modeOf(`${dir}/${KEY_A}.json`), 0o600);
    assert.deepEqual(await cache.read(KEY_A), entry("private", 1));
  });
});

Deno.test({
  name: "an entry owned by another user is not used, and the next write replaces it (needs root)",
  ignore: !IS_ROOT,
  fn: () =>
    withTempDir(async (dir) => {
      const log = recordingLog();
      const cache = openTokenCache({ dir, log });
      await cache.write(KEY_A, entry("planted", Date.now() + HOUR));
      await Deno.chown(`${dir}/${KEY_A}.json`, 12345, 12345);
      assert.equal(await cache.read(KEY_A), undefined);
      assert.match(log.lines.at(-1)!, /owned by uid 12345, not by you \(uid 0\)/);
      await cache.write(KEY_A, entry("ours", 1));
      assert.equal(Deno.statSync(`${dir}/${KEY_A}.json`).uid, 0);
      assert.deepEqual(await cache.read(KEY_A), entry("ours", 1));
    }),
});

Deno.test("unparseable, wrong-shape and misplaced files are misses, never errors", async () => {
  await withTempDir(async (dir) => {
    const log = recordingLog();
    const cache = openTokenCache({ dir, log });
    const path = `${dir}/${KEY_A}.json`;
    const bad: [string | Uint8Array, RegExp][] = [
      ['{"format":1,"key":', /is not valid JSON/],
      [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /is not valid JSON/],
      ["", /is not valid JSON/],
      ["[1,2]", /is not a cache entry/],
      [`{"format":2,"key":"${KEY_A}","credential":{"token":"t"}}`, /is not a cache entry/],
      [`{"format":1,"key":"${KEY_A}","credential":{"token":5}}`, /has no valid credential/],
      [`{"format":1,"key":"${KEY_A}","credential":{"token":""}}`, /has no valid credential/],
      [`{"format":1,"key":"${KEY_A}","credential":{"clientKeyData":"k"}}`, /no valid credential/],
      [`{"format":1,"key":"${KEY_A}","credential":{"token":"t","expiresAt":"x"}}`, /credential/],
      [`{"format":1,"key":"${KEY_B}","credential":{"token":"t"}}`, /belongs to another identity/],
    ];
    for (const [content, reason] of bad) {
      if (typeof content === "string") await Deno.writeTextFile(path, content, { mode: 0o600 });
      else await Deno.writeFile(path, content, { mode: 0o600 });
      assert.equal(await cache.read(KEY_A), undefined, String(content));
      assert.match(log.lines.at(-1)!, reason);
    }
    await Deno.remove(path);
    await Deno.mkdir(path, { mode: 0o700 });
    assert.equal(await cache.read(KEY_A), undefined);
    assert.match(log.lines.at(-1)!, /is not a regular file/);
  });
});

Deno.test("an entry copied to another identity's name is not served for it", async () => {
  await withTempDir(async (dir) => {
    const cache = openTokenCache({ dir, log: recordingLog() });
    await cache.write(KEY_A, entry("for-a", Date.now() + HOUR));
    await Deno.copyFile(`${dir}/${KEY_A}.json`, `${dir}/${KEY_B}.json`);
    assert.equal(await cache.read(KEY_B), undefined);
  });
});

Deno.test("writes leave no temporary files, and stale ones of killed writers are deleted", async () => {
  await withTempDir(async (dir) => {
    const log = recordingLog();
    const cache = openTokenCache({ dir, log });
    for (let i = 0; i < 20; i++) await cache.write(i % 2 ? KEY_A : KEY_B, entry(`t${i}`, i));
    assert.deepEqual(listDir(dir), [`${KEY_A}.json`, `${KEY_B}.json`]);

    const stale = `${KEY_A}.json.00000000000000aa.tmp`;
    const live = `${KEY_B}.json.00000000000000bb.tmp`;
    const notOurs = "notes.json.00000000000000cc.tmp";
    for (const name of [stale, live, notOurs]) await Deno.writeTextFile(`${dir}/${name}`, "{");
    const longAgo = new Date(Date.now() - 120_000);
    await Deno.utime(`${dir}/${stale}`, longAgo, longAgo);
    await Deno.utime(`${dir}/${notOurs}`, longAgo, longAgo);
    assert.deepEqual(await cache.read(KEY_A), entry("t19", 19)); // temp files are not entries
    await cache.write(KEY_A, entry("t20", 20));
    assert.deepEqual(listDir(dir), [`${KEY_A}.json`, live, `${KEY_B}.json`, notOurs].sort());
    assert.ok(isTempName(live));
    assert.match(log.lines.join("\n"), /deleted ".*00000000000000aa.tmp" left by an interrupted/);
  });
});

Deno.test("a directory we own that others can write to is not read from until a write tightens it", async () => {
  await withTempDir(async (tmp) => {
    const dir = `${tmp}/kubelogin`;
    await openTokenCache({ dir, log: recordingLog() }).write(KEY_A, entry("t", 1));
    await Deno.chmod(dir, 0o777);
    const log = recordingLog();
    const cache = openTokenCache({ dir, log });
    assert.equal(await cache.read(KEY_A), undefined);
    assert.match(log.lines.at(-1)!, /directory .* is writable by group or others \(mode 0777\)/);
    await cache.write(KEY_B, entry("u", 2));
    assert.equal(modeOf(dir), 0o700);
    assert.match(log.lines.join("\n"), /from mode 0777 to 0700/);
    assert.deepEqual(await cache.read(KEY_A), entry("t", 1));
  });
});

Deno.test("a 0755 directory (as Azure kubelogin creates it) is read from, and tightened on write", async () => {
  await withTempDir(async (tmp) => {
    const dir = `${tmp}/kubelogin`;
    await Deno.mkdir(dir, { mode: 0o755 });
    await Deno.chmod(dir, 0o755);
    await Deno.writeTextFile(`${dir}/azure.json`, "{}"); // kubelogin's file: left alone
    const cache = openTokenCache({ dir, log: recordingLog() });
    await Deno.writeTextFile(
      `${dir}/${KEY_A}.json`,
      JSON.stringify({ format: 1, key: KEY_A, credential: { token: "t", expiresAt: 1 } }),
      { mode: 0o600 },
    );
    assert.deepEqual(await cache.read(KEY_A), entry("t", 1));
    assert.equal(modeOf(dir), 0o755);
    await cache.write(KEY_B, entry("u", 2));
    assert.equal(modeOf(dir), 0o700);
    assert.deepEqual(listDir(dir), [`${KEY_A}.json`, "azure.json", `${KEY_B}.json`]);
  });
});

Deno.test({
  name: "a directory owned by another user is neither read from nor written to (needs root)",
  ignore: !IS_ROOT,
  fn: () =>
    withTempDir(async (tmp) => {
      const dir = `${tmp}/kubelogin`;
      await openTokenCache({ dir, log: recordingLog() }).write(KEY_A, entry("t", 1));
      await Deno.chown(dir, 12345, 12345);
      const log = recordingLog();
      const cache = openTokenCache({ dir, log });
      assert.equal(await cache.read(KEY_A), undefined);
      assert.match(log.lines.at(-1)!, /owned by uid 12345/);
      await assert.rejects(
        () => cache.write(KEY_A, entry("u", 2)),
        new RegExp(`token cache directory "${dir}" is owned by uid 12345`),
      );
      assert.equal(modeOf(dir), 0o700);
    }),
});

Deno.test("a cache directory path that is a file cannot be written to, with a message naming it", async () => {
  await withTempDir(async (tmp) => {
    const dir = `${tmp}/file`;
    await Deno.writeTextFile(dir, "");
    const cache = openTokenCache({ dir, log: recordingLog() });
    assert.equal(await cache.read(KEY_A), undefined);
    await assert.rejects(() => cache.write(KEY_A, entry("t", 1)), /"[^"]*file" is not a directory/);
  });
});

Deno.test("private files (the PoP key) are written 0600 and read back with the same checks", async () => {
  await withTempDir(async (dir) => {
    const log = recordingLog();
    const cache = openTokenCache({ dir, log });
    assert.equal(await cache.readPrivate("pop_rsa.key"), undefined);
    const key = new TextEncoder().encode('{"kty":"RSA"}');
    await cache.writePrivate("pop_rsa.key", key);
    assert.equal(modeOf(`${dir}/pop_rsa.key`), 0o600);
    assert.deepEqual(await cache.readPrivate("pop_rsa.key"), key);
    await Deno.chmod(`${dir}/pop_rsa.key`, 0o640);
    assert.equal(await cache.readPrivate("pop_rsa.key"), undefined);
    assert.match(log.lines.at(-1)!, /mode 0640/);
    await assert.rejects(() => cache.writePrivate("../pop.key", key), TypeError);
  });
});

Deno.test("a write of an entry that could not be read back is refused", async () => {
  await withTempDir(async (dir) => {
    const cache = openTokenCache({ dir, log: recordingLog() });
    await assert.rejects(() => cache.write(KEY_A, { credential: { token: "" } }), TypeError);
    const fn = () => 1;
    await assert.rejects(() => cache.write(KEY_A, { ...entry("t", 1), state: fn }), TypeError);
    assert.deepEqual(listDir(dir), []);
  });
});

Deno.test("a cache opened before its directory existed sees entries stored later by others", async () => {
  await withTempDir(async (tmp) => {
    const dir = `${tmp}/kubelogin`;
    const early = openTokenCache({ dir, log: recordingLog() });
    assert.equal(await early.read(KEY_A), undefined);
    await openTokenCache({ dir, log: recordingLog() }).write(KEY_A, entry("t", 1));
    assert.deepEqual(await early.read(KEY_A), entry("t", 1));
  });
});
