import assert from "node:assert/strict";
import { getTokenOptions } from "../cli/common_options.ts";
import { parseGetTokenFast } from "../cli/fast_args.ts";
import { runtimeEnvNames } from "../cli/permission_flags.ts";
import { MODE_OPTIONS } from "./mode_options.ts";
import { findMode, loadModes, modeNames, MODES } from "./registry.ts";

const repo = new URL("../", import.meta.url);
const granted = await runtimeEnvNames();
const modes = await loadModes();

for (const mode of modes) {
  Deno.test(`registry: ${mode.name} descriptor keeps the invariants`, async () => {
    assert.match(mode.name, /^[a-z]+$/, "a --login value is one lower-case word");
    assert.ok(mode.summary.length > 0 && !mode.summary.includes("\n"), "a one-line summary");
    assert.equal(await findMode(mode.name), mode, "the registry entry loads this descriptor");
    for (const spec of mode.options) {
      assert.ok(MODE_OPTIONS.includes(spec), `--${spec.long} is in MODE_OPTIONS`);
    }

    // Its example resolves, and what it then asks for stays within its static bounds.
    const flags = parseGetTokenFast(mode.exampleArgs, getTokenOptions());
    assert.ok(flags, `example args parse: ${mode.exampleArgs.join(" ")}`);
    assert.equal(flags.login, mode.name, "the example selects this mode");
    const options = mode.resolve({ flags, env: (name) => mode.exampleEnv?.[name] });
    const p = mode.permissions(options);
    if (p.read?.length) assert.ok(mode.bounds.read, "reads files only if its bounds allow reads");
    if (p.net?.length) assert.ok(mode.bounds.net, "uses the network only if its bounds allow it");
    if (p.run?.length) assert.ok(mode.bounds.run, "runs commands only if its bounds allow it");
    for (const name of p.env ?? []) {
      assert.ok(mode.bounds.env.includes(name), `env ${name} within bounds`);
    }
    for (const kind of p.sys ?? []) {
      assert.ok(mode.bounds.sys.includes(kind), `sys ${kind} within bounds`);
    }
    for (const name of mode.bounds.env) {
      assert.ok(granted.includes(name), `binary grants env ${name}`);
    }

    // Caching modes say what identifies a token, and never key it by a secret.
    assert.equal(
      mode.caching,
      mode.cacheIdentity !== undefined,
      "caching modes have a cache identity",
    );
    const identity = JSON.stringify(mode.cacheIdentity?.(options) ?? {});
    for (const key of mode.secretKeys) {
      const secret = (options as Record<string, unknown>)[key];
      if (typeof secret === "string") {
        assert.ok(!identity.includes(secret), `the cache identity holds no ${key}`);
      }
    }

    // resolve() reads only variables the binary may read (else Deno would refuse at run time).
    for (const value of [undefined, "https://value.example/"]) {
      const read = new Set<string>();
      try {
        mode.resolve({ flags, env: (name) => (read.add(name), value) });
      } catch { /* validation may refuse made-up values; only the names matter here */ }
      for (const name of read) assert.ok(granted.includes(name), `resolve reads ${name}`);
    }

    // Every mode is documented, with a kubeconfig that uses its example arguments.
    const doc = await Deno.readTextFile(new URL(`docs/modes/${mode.name}.md`, repo));
    for (const arg of mode.exampleArgs) {
      assert.ok(doc.includes(arg), `docs/modes/${mode.name}.md shows ${arg}`);
    }
    const readme = await Deno.readTextFile(new URL("README.md", repo));
    assert.ok(
      readme.includes(`docs/modes/${mode.name}.md`),
      `README links docs/modes/${mode.name}.md`,
    );
  });
}

Deno.test("registry: entries are named after their descriptors, once each", () => {
  assert.deepEqual(modes.map((m) => m.name), MODES.map((e) => e.name));
  assert.equal(new Set(modeNames()).size, modeNames().length);
});

Deno.test("registry: MODE_OPTIONS is exactly the flags the modes read", () => {
  const used = new Set(modes.flatMap((m) => m.options));
  for (const spec of MODE_OPTIONS) assert.ok(used.has(spec), `--${spec.long} is read by some mode`);
  assert.equal(new Set(MODE_OPTIONS).size, MODE_OPTIONS.length);
});

Deno.test("registry: flags are unique; shared flags are one shared spec", () => {
  const byLong = new Map<string, unknown>();
  const shorts = new Map<string, string>();
  for (const spec of [...getTokenOptions(), ...modes.flatMap((m) => m.options)]) {
    const seen = byLong.get(spec.long);
    assert.ok(seen === undefined || seen === spec, `--${spec.long} is defined once`);
    byLong.set(spec.long, spec);
    if (spec.short) {
      const owner = shorts.get(spec.short);
      assert.ok(owner === undefined || owner === spec.long, `-${spec.short} belongs to one flag`);
      shorts.set(spec.short, spec.long);
    }
  }
});
