/**
 * N concurrent get-token runs with nothing fresh in the cache log in (or refresh) once: the
 * others wait for the lock, then read what the first one stored. Real processes, real locks.
 */

import assert from "node:assert/strict";
import { getOrAcquire } from "./get_or_acquire.ts";
import { openTokenCache } from "./token_cache.ts";
import { entry, KEY_A, recordingLog, withTempDir } from "./testdata/helpers.ts";

const RUNS = 32;
const FIXTURE = new URL("./testdata/contender.ts", import.meta.url).pathname;
const HOLDER = new URL("./testdata/holder.ts", import.meta.url).pathname;
const CONFIG = new URL("../deno.json", import.meta.url).pathname;

interface Outcome {
  readonly credential: { readonly token: string; readonly expiresAt: number };
  readonly fromCache: boolean;
}

/** Starts `RUNS` contenders, lets them all go at once, and returns what each printed. */
async function contend(dir: string, work: string): Promise<Outcome[]> {
  const children = Array.from({ length: RUNS }, () =>
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-prompt",
        "--config",
        CONFIG,
        `--allow-read=${dir},${work}`,
        `--allow-write=${dir},${work}`,
        "--allow-sys=uid",
        FIXTURE,
        dir,
        work,
        KEY_A,
      ],
      stdout: "piped",
      stderr: "piped",
    }).spawn());
  const deadline = Date.now() + 30_000;
  while ((await readLines(`${work}/ready`)).length < RUNS && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await Deno.writeTextFile(`${work}/go`, "");
  const outputs = await Promise.all(children.map((child) => child.output()));
  return outputs.map((out) => {
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    assert.equal(stderr, "");
    return JSON.parse(new TextDecoder().decode(out.stdout)) as Outcome;
  });
}

async function readLines(path: string): Promise<string[]> {
  try {
    return (await Deno.readTextFile(path)).split("\n").filter(Boolean);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw err;
  }
}

function assertOneAcquisition(
  outcomes: Outcome[],
  acquired: string[],
): { pid: number; previousState: unknown } {
  assert.equal(acquired.length, 1, `acquisitions: ${acquired.join(" | ")}`);
  const winner = JSON.parse(acquired[0]!) as { pid: number; previousState: unknown };
  assert.equal(outcomes.length, RUNS);
  for (const outcome of outcomes) assert.equal(outcome.credential.token, `token-of-${winner.pid}`);
  assert.equal(outcomes.filter((o) => !o.fromCache).length, 1);
  return winner;
}

Deno.test(`${RUNS} concurrent runs on an empty cache acquire exactly once`, async () => {
  await withTempDir(async (tmp) => {
    const dir = `${tmp}/cache`;
    const work = `${tmp}/work`;
    await Deno.mkdir(work);
    const outcomes = await contend(dir, work);
    const winner = assertOneAcquisition(outcomes, await readLines(`${work}/acquired`));
    assert.equal(winner.previousState, null);
    const stored = await openTokenCache({ dir, log: recordingLog() }).read(KEY_A);
    assert.equal((stored?.credential as { token: string }).token, `token-of-${winner.pid}`);
  });
});

Deno.test(`${RUNS} concurrent runs with an expired entry refresh exactly once, from its state`, async () => {
  await withTempDir(async (tmp) => {
    const dir = `${tmp}/cache`;
    const work = `${tmp}/work`;
    await Deno.mkdir(work);
    const expired = entry("expired", Date.now() - 1000, { refreshToken: "r0" });
    await openTokenCache({ dir, log: recordingLog() }).write(KEY_A, expired);
    const outcomes = await contend(dir, work);
    const winner = assertOneAcquisition(outcomes, await readLines(`${work}/acquired`));
    assert.deepEqual(winner.previousState, { refreshToken: "r0" });
  });
});

Deno.test("a lock holder that is killed releases the lock; the waiter then acquires", async () => {
  await withTempDir(async (dir) => {
    const cache = openTokenCache({ dir, log: recordingLog() });
    await cache.write(KEY_A, entry("expired", Date.now() - 1000));
    const holder = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-prompt",
        "--config",
        CONFIG,
        `--allow-read=${dir}`,
        `--allow-write=${dir}`,
        "--allow-sys=uid",
        HOLDER,
        dir,
        KEY_A,
      ],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const reader = holder.stdout.getReader();
    assert.match(new TextDecoder().decode((await reader.read()).value), /locked/);
    reader.releaseLock();
    await holder.stdout.cancel();

    let acquiredAt = 0;
    const waiting = getOrAcquire(
      cache,
      KEY_A,
      { now: Date.now, signal: AbortSignal.timeout(10_000) },
      () => {
        acquiredAt = Date.now();
        return Promise.resolve(entry("after-kill", Date.now() + 3_600_000));
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(acquiredAt, 0, "acquired while another process held the lock");
    const killedAt = Date.now();
    holder.kill("SIGKILL");
    await holder.status;
    const result = await waiting;
    assert.equal((result.credential as { token: string }).token, "after-kill");
    assert.ok(acquiredAt >= killedAt);
  });
});
