import assert from "node:assert/strict";
import { loadModes } from "../modes/registry.ts";
import { getTokenOptions } from "./common_options.ts";
import type { Deps } from "./deps.ts";
import { parseGetTokenFast } from "./fast_args.ts";
import { buildProgram, normalizeSwitches } from "./program.ts";
import type { RawFlags } from "../modes/types.ts";

const specs = getTokenOptions();

/** What commander makes of `args` (the slow path), or the error it raises. */
async function viaCommander(args: string[]): Promise<RawFlags | string> {
  let parsed: RawFlags | undefined;
  const sink = () => {};
  const deps = {
    env: () => undefined,
    stdout: sink,
    stderr: sink,
    now: Date.now,
    sandboxes: [],
  } satisfies Deps;
  const program = buildProgram(deps, {
    getToken(flags) {
      parsed = flags;
      return Promise.resolve();
    },
    convertKubeconfig: () => Promise.reject(new Error("not under test")),
    removeCacheDir: () => Promise.reject(new Error("not under test")),
    completion: () => Promise.reject(new Error("not under test")),
  }, await loadModes());
  try {
    await program.parseAsync(normalizeSwitches(args, specs), { from: "user" });
  } catch (err) {
    return (err as Error).message;
  }
  return parsed ?? "no action";
}

/** Argument lists kubeconfigs contain: every flag in every plain spelling, and mixes of them. */
function corpus(): string[][] {
  const lists: string[][] = [["get-token"]];
  for (const s of specs) {
    if (s.value === undefined) {
      lists.push(["get-token", `--${s.long}`], ["get-token", `--${s.long}=true`], [
        "get-token",
        `--${s.long}=false`,
      ]);
      lists.push(["get-token", `--${s.long}`, `--${s.long}=false`]);
    } else {
      lists.push(["get-token", `--${s.long}`, "some value"], ["get-token", `--${s.long}=a=b`]);
      lists.push(["get-token", `--${s.long}`, "-dash-first"], ["get-token", `--${s.long}`, ""]);
      lists.push(["get-token", `--${s.long}`, "first", `--${s.long}`, "last"]);
      if (s.short) {
        lists.push(["get-token", `-${s.short}`, "short value"], ["get-token", `-${s.short}=x=y`]);
      }
    }
  }
  const all = specs.filter((s) => !s.hidden).map((s) =>
    s.value === undefined ? [`--${s.long}`] : [`--${s.long}`, `v-${s.long}`]
  );
  lists.push(["get-token", ...all.flat()], ["get-token", ...all.reverse().flat()]);
  return lists;
}

Deno.test("fast lane: parses every plain get-token argument list exactly as commander does", async () => {
  for (const args of corpus()) {
    const fast = parseGetTokenFast(args, specs);
    assert.ok(fast !== undefined, `fast lane takes ${JSON.stringify(args)}`);
    assert.deepEqual(fast, await viaCommander(args), JSON.stringify(args));
  }
});

Deno.test("fast lane: leaves help, unknown flags and unusual spellings to commander", async () => {
  const deferred = [
    [],
    ["--version"],
    ["get-token", "--help"],
    ["get-token", "-h"],
    ["get-token", "--no-such-flag"],
    ["get-token", "--login"],
    ["get-token", "-lserviceaccount"],
    ["get-token", "extra-positional"],
    ["get-token", "--logtostderr=yes"],
    ["convert-kubeconfig"],
  ];
  for (const args of deferred) {
    assert.equal(parseGetTokenFast(args, specs), undefined, JSON.stringify(args));
  }
  assert.match(
    String(await viaCommander(["get-token", "--no-such-flag"])),
    /unknown option '--no-such-flag'/,
  );
  assert.match(String(await viaCommander(["get-token", "--login"])), /argument missing/);
});
