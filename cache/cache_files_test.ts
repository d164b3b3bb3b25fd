import assert from "node:assert/strict";
import {
  entryName,
  isOwnCacheFile,
  isTempName,
  joinPath,
  lockName,
  privateName,
  tempName,
} from "./cache_files.ts";

const KEY = "ab".repeat(32);

Deno.test("isOwnCacheFile accepts exactly the names the cache creates", () => {
  const own = [
    `${KEY}.json`,
    `${KEY}.lock`,
    `${KEY}.json.0123456789abcdef.tmp`,
    "pop_rsa.key",
    "pop_rsa.key.lock",
    "pop_rsa.key.0123456789abcdef.tmp",
    tempName(entryName(KEY)),
    tempName(privateName("pop-rsa.key")),
  ];
  for (const name of own) assert.ok(isOwnCacheFile(name), name);
  const foreign = [
    "azure.json", // not ours: a user's or kubelogin's file
    "config",
    "id_rsa",
    `${KEY}.json.bak`,
    `${KEY.toUpperCase()}.json`,
    `${KEY.slice(2)}.json`,
    `${KEY}.lock.0123456789abcdef.tmp`,
    `${KEY}.json.0123456789abcde.tmp`,
    "../pop_rsa.key",
    ".key",
    "Pop.key",
  ];
  for (const name of foreign) assert.ok(!isOwnCacheFile(name), name);
});

Deno.test("temporary names are never entry names", () => {
  const temp = tempName(entryName(KEY));
  assert.ok(isTempName(temp));
  assert.ok(!isTempName(entryName(KEY)));
  assert.notEqual(tempName(entryName(KEY)), temp);
});

Deno.test("names from callers cannot leave the cache directory", () => {
  assert.throws(() => entryName("../../etc/passwd"), TypeError);
  assert.throws(() => entryName(""), TypeError);
  assert.throws(() => privateName("../pop.key"), TypeError);
  assert.throws(() => privateName("pop.pem"), TypeError);
  assert.throws(() => lockName("/etc/shadow"), TypeError);
  assert.equal(lockName(KEY), `${KEY}.lock`);
  assert.equal(lockName("pop.key"), "pop.key.lock");
});

Deno.test("joinPath works with and without a trailing slash, relative or absolute", () => {
  assert.equal(joinPath("/c/kubelogin", "x.json"), "/c/kubelogin/x.json");
  assert.equal(joinPath("/c/kubelogin/", "x.json"), "/c/kubelogin/x.json");
  assert.equal(joinPath("cache", "x.json"), "cache/x.json");
  assert.equal(joinPath("/", "x.json"), "/x.json");
});
