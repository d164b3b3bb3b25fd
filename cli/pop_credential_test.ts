import assert from "node:assert/strict";
import { openTokenCache, type TokenCache } from "../cache/mod.ts";
import { loadPopKey, POP_KEY_FILE, popCredential } from "./pop_credential.ts";

function cacheIn(dir: string, lines: string[] = []): TokenCache {
  return openTokenCache({ dir, log: (level, message) => lines.push(`${level} ${message}`) });
}

Deno.test("PoP key store: created once (0600) and reused, also by concurrent runs", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const keys = await Promise.all(
      Array.from({ length: 4 }, () => loadPopKey(cacheIn(dir), AbortSignal.timeout(10_000))),
    );
    assert.equal(new Set(keys.map((k) => k.kid)).size, 1, "one key for concurrent first runs");
    assert.equal((await Deno.stat(`${dir}/${POP_KEY_FILE}`)).mode! & 0o777, 0o600);
    const later = await loadPopKey(cacheIn(dir), AbortSignal.timeout(10_000));
    assert.equal(later.kid, keys[0]!.kid);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("PoP key store: a key file others can read is not used, and is replaced", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const first = await loadPopKey(cacheIn(dir), AbortSignal.timeout(10_000));
    await Deno.chmod(`${dir}/${POP_KEY_FILE}`, 0o644);
    const lines: string[] = [];
    const second = await loadPopKey(cacheIn(dir, lines), AbortSignal.timeout(10_000));
    assert.notEqual(second.kid, first.kid);
    assert.ok(
      lines.some((l) => /readable or writable by group or others/.test(l)),
      lines.join("\n"),
    );
    assert.equal((await Deno.stat(`${dir}/${POP_KEY_FILE}`)).mode! & 0o777, 0o600);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("PoP key store: a directory that cannot hold the key gives a warning and a key for this run", async () => {
  const parent = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${parent}/file`, "");
    const lines: string[] = [];
    const key = await loadPopKey(
      cacheIn(`${parent}/file/cache`, lines),
      AbortSignal.timeout(10_000),
    );
    assert.match(key.kid, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(lines.some((l) => l.startsWith("0 the PoP key cannot be kept")), lines.join("\n"));
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("PoP credential: signed around the access token, with its expiry", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const key = await loadPopKey(cacheIn(dir), AbortSignal.timeout(10_000));
    const credential = await popCredential({ token: "at", expiresAt: 123_000 }, key, "u", 5_000);
    assert.equal(credential.expiresAt, 123_000);
    assert.ok("token" in credential && credential.token.split(".").length === 3);
    await assert.rejects(
      popCredential({ clientCertificateData: "c", clientKeyData: "k" }, key, "u", 0),
      /no access token/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
