import assert from "node:assert/strict";
import { permissionFlags } from "../cli/permission_flags.ts";
import { compileArgs, isMissingDenort } from "./compile.ts";

const script = new URL("./compile.ts", import.meta.url).pathname;

Deno.test("compile: the binary gets exactly the runtime's permission flags and the worker entry", async () => {
  const args = await compileArgs("/tmp/out/kubelogin");
  for (const flag of await permissionFlags()) assert.ok(args.includes(flag), flag);
  assert.ok(args.includes("--unstable-worker-options"));
  assert.ok(args[args.indexOf("--include") + 1]!.endsWith("modes/sandbox/worker_entry.ts"));
  assert.ok(args.at(-1)!.endsWith("/main.ts"));
});

Deno.test("compile: a DENORT_BIN that does not exist is an error naming it", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, "--output", "/nonexistent/kubelogin"],
    env: { DENORT_BIN: "/nonexistent/denort" },
  }).output();
  assert.equal(out.code, 1);
  assert.match(
    new TextDecoder().decode(out.stderr),
    /DENORT_BIN=\/nonexistent\/denort is not a file/,
  );
});

Deno.test("compile: without denort it skips with a plain message and exit 0, or compiles", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const env = { ...Deno.env.toObject() };
    delete env.DENORT_BIN;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", script, "--output", `${dir}/kubelogin`],
      clearEnv: true,
      env,
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    const compiled = await Deno.stat(`${dir}/kubelogin`).then(() => true, () => false);
    assert.ok(compiled || /^skipped: deno compile needs the denort/m.test(stderr), stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compile: only a failed denort download counts as 'cannot compile here'", () => {
  assert.ok(
    isMissingDenort(
      "error sending request for url (https://dl.deno.land/release/v2.9.6/denort-x86_64.zip): dns error",
    ),
  );
  assert.ok(isMissingDenort("0: Could not find denort at '/x'"));
  assert.ok(
    !isMissingDenort("error: TS2322 [ERROR]: Type 'string' is not assignable to type 'number'."),
  );
});
