/**
 * `kubelogin remove-cache-dir` and `remove-tokens` as a user runs them: `main.ts` in a
 * subprocess with the binary's permission flags, on temporary cache directories.
 */

import assert from "node:assert/strict";
import { cacheKey, openTokenCache } from "../cache/mod.ts";
import { runCli } from "./cli_harness.ts";

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "kubelogin-remove-cli-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const exists = (path: string) => Deno.lstat(path).then(() => true, () => false);
const names = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();

/** Writes one entry with the cache library, and Azure kubelogin's record beside it. */
async function populate(dir: string): Promise<string> {
  const cache = openTokenCache({ dir, log: () => {} });
  const key = await cacheKey({ mode: "spn", tenant: "t", clientId: "c" });
  await cache.write(key, { credential: { token: "t0ken", expiresAt: Date.now() + 3_600_000 } });
  await Deno.writeTextFile(`${dir}/auth.json`, "{}");
  return `${key}.json`;
}

Deno.test("cli remove-cache-dir --cache-dir: removes the cache, keeps an unrelated file", async () => {
  await withTempDir(async (tmp) => {
    const dir = `${tmp}/cache/`;
    const entry = await populate(dir);
    await Deno.writeTextFile(`${dir}notes.txt`, "mine");
    const r = await runCli(["remove-cache-dir", "--cache-dir", dir, "-v", "1"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "");
    assert.equal(
      r.stderr,
      `I removed "${dir}auth.json"\nI removed "${dir}${entry}"\n` +
        `removed 2 cache files from "${dir}"; left 1 file that kubelogin did not create: notes.txt\n`,
    );
    assert.deepEqual(names(dir), ["notes.txt"]);
  });
});

Deno.test("cli remove-cache-dir: an emptied directory is removed; a missing one is success", async () => {
  await withTempDir(async (tmp) => {
    const dir = `${tmp}/cache`;
    await populate(dir);
    const r = await runCli(["remove-cache-dir", `--cache-dir=${dir}`]);
    assert.deepEqual(r, {
      code: 0,
      stdout: "",
      stderr: `removed 2 cache files and the directory "${dir}"\n`,
    });
    assert.equal(await exists(dir), false);
    const again = await runCli(["remove-cache-dir", "--cache-dir", dir]);
    assert.deepEqual(again, {
      code: 0,
      stdout: "",
      stderr: `nothing to remove: "${dir}" does not exist\n`,
    });
  });
});

Deno.test("cli remove-tokens --token-cache-dir: the deprecated spelling still works, with a warning", async () => {
  await withTempDir(async (tmp) => {
    const dir = `${tmp}/cache`;
    await populate(dir);
    const r = await runCli(["remove-tokens", "--token-cache-dir", dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "");
    assert.equal(
      r.stderr,
      "warning: remove-tokens is deprecated: use remove-cache-dir\n" +
        `removed 2 cache files and the directory "${dir}"\n`,
    );
    assert.equal(await exists(dir), false);
    // remove-cache-dir takes the old flag too, as get-token does.
    await populate(dir);
    const r2 = await runCli(["remove-cache-dir", "--token-cache-dir", dir]);
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(await exists(dir), false);
  });
});

Deno.test("cli remove-cache-dir: KUBECACHEDIR, else ~/.kube/cache/kubelogin/ under HOME", async () => {
  await withTempDir(async (tmp) => {
    const fromEnv = `${tmp}/env-cache`;
    const home = `${tmp}/home`;
    const byDefault = `${home}/.kube/cache/kubelogin/`;
    await populate(fromEnv);
    await populate(byDefault);
    const r = await runCli(["remove-cache-dir"], { env: { HOME: home, KUBECACHEDIR: fromEnv } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await exists(fromEnv), false);
    assert.equal(await exists(byDefault), true, "the default directory is not touched");
    const r2 = await runCli(["remove-cache-dir"], { env: { HOME: home } });
    assert.equal(r2.stderr, `removed 2 cache files and the directory "${byDefault}"\n`);
    assert.deepEqual(names(`${home}/.kube/cache`), []);
    // --cache-dir wins over KUBECACHEDIR.
    await populate(fromEnv);
    await populate(byDefault);
    const r3 = await runCli(["remove-cache-dir", "--cache-dir", byDefault], {
      env: { HOME: home, KUBECACHEDIR: fromEnv },
    });
    assert.equal(r3.code, 0, r3.stderr);
    assert.equal(await exists(byDefault), false);
    assert.equal(await exists(fromEnv), true);
  });
});

Deno.test("cli remove-cache-dir: a file it cannot delete is kubelogin's error, exit 1", async () => {
  await withTempDir(async (tmp) => {
    const dir = `${tmp}/cache`;
    const entry = await populate(dir);
    const unlock = await makeUndeletable(dir, entry);
    if (unlock === undefined) {
      console.warn("skipped: running as root and chattr +i is not available here");
      return;
    }
    try {
      const r = await runCli(["remove-cache-dir", "--cache-dir", dir]);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, "");
      assert.match(
        r.stderr,
        new RegExp(
          `^error: unable to delete authentication record cache in "${dir}": ` +
            `cannot delete "${dir}/[^"]+": (permission denied|operation not permitted)\\n$`,
        ),
      );
    } finally {
      await unlock();
    }
    assert.ok(names(dir).includes(entry), "the file that could not be deleted is still there");
  });
});

Deno.test("cli remove-cache-dir: usage errors exit 2", async () => {
  for (const args of [["remove-cache-dir", "--bogus"], ["remove-cache-dir", "--cache-dir"]]) {
    const r = await runCli(args, { env: { HOME: "/nonexistent" } });
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^error: /);
  }
});

/**
 * Makes `dir/name` impossible to delete for us: a read-only directory, or as root (who
 * ignores modes) the immutable attribute. Returns the undo, or undefined when neither works.
 */
async function makeUndeletable(dir: string, name: string) {
  if (Deno.uid() !== 0) {
    await Deno.chmod(dir, 0o500);
    return () => Deno.chmod(dir, 0o700);
  }
  const chattr = (flag: string) =>
    new Deno.Command("chattr", { args: [flag, `${dir}/${name}`], stderr: "null" }).output()
      .then((o) => o.success, () => false);
  if (!await chattr("+i")) return undefined;
  return async () => void await chattr("-i");
}
