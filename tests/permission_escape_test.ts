/**
 * The permission promise, attacked: a login mode that reaches for a file, a host, an
 * environment variable, a command, or a write it did not declare must be refused by Deno,
 * in both sandboxes, and the refusal must name the permission.
 */

import assert from "node:assert/strict";
import { runtimeFlags } from "../cli/permission_flags.ts";
import type { Sandbox } from "../modes/sandbox/sandbox.ts";
import { createWorkerSandbox } from "../modes/sandbox/worker_sandbox.ts";
import type { Credential } from "../modes/types.ts";
import { denoDir, REPO_DIR } from "./cli_harness.ts";
import { escapeMode, type EscapeOptions } from "./fixtures/escape_modes.ts";

const dir = await Deno.makeTempDir({ prefix: "kubelogin-escape-" });
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
const declaredFile = `${dir}/declared`;
const secretFile = `${dir}/not-declared`;
await Deno.writeTextFile(declaredFile, "declared-content");
await Deno.writeTextFile(secretFile, "secret-content");

const server = Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen() {} },
  () => new Response("reached"),
);
const other = Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen() {} },
  () => new Response("ESCAPED"),
);
globalThis.addEventListener("unload", () => {
  server.shutdown();
  other.shutdown();
});
const declaredHost = `127.0.0.1:${server.addr.port}`;
const otherHost = `127.0.0.1:${other.addr.port}`;

/** Attempts that must be refused, with the permission the refusal must name. */
const FORBIDDEN: [EscapeOptions["attempt"], string, RegExp][] = [
  ["read", secretFile, /tried to use read access to "[^"]*not-declared"/],
  ["read", "/etc/hostname", /tried to use read access to "\/etc\/hostname"/],
  ["write", `${dir}/written`, /tried to use write access to "[^"]*written"/],
  ["env", "HOME", /tried to use env access to "HOME"/],
  ["net", otherHost, /tried to use net access to "127\.0\.0\.1:\d+"/],
  ["run", "/bin/true", /tried to use run access to "\/bin\/true"/],
  ["sys", "", /tried to use sys access to "hostname"/],
];

function options(
  attempt: EscapeOptions["attempt"],
  target: string,
  withHost = true,
): EscapeOptions {
  return withHost
    ? { attempt, target, declaredFile, declaredHost }
    : { attempt, target, declaredFile };
}

const workerSandbox = createWorkerSandbox(new URL("./fixtures/escape_worker.ts", import.meta.url));

async function inWorker(
  o: EscapeOptions,
  signal = AbortSignal.timeout(20_000),
): Promise<Credential> {
  const acquisition = await (workerSandbox as Sandbox).acquire(escapeMode as never, o, {
    execInfo: undefined,
    verbosity: 0,
    stderr: () => {},
    now: Date.now,
    signal,
    deadline: Date.now() + 20_000,
  });
  return acquisition.credential;
}

Deno.test("worker sandbox: declared file, variable and host are usable", async () => {
  assert.deepEqual(await inWorker(options("read-declared", "")), { token: "declared-content" });
  assert.deepEqual(await inWorker(options("env-declared", "")), { token: "(unset)" });
  assert.deepEqual(await inWorker(options("net", declaredHost)), { token: "reached" });
});

for (const [attempt, target, message] of FORBIDDEN) {
  Deno.test(`worker sandbox: undeclared ${attempt} ${target} is refused`, async () => {
    await assert.rejects(inWorker(options(attempt, target)), (err: Error) => {
      assert.equal(err.name, "UndeclaredPermissionError");
      assert.match(err.message, message);
      return true;
    });
    if (attempt === "write") await assert.rejects(Deno.stat(target), Deno.errors.NotFound);
  });
}

Deno.test("worker sandbox: what a mode's code prints reaches the host's stderr, never stdout", async () => {
  const lines: string[] = [];
  const { credential } = await workerSandbox.acquire(escapeMode as never, options("print", "s3"), {
    execInfo: undefined,
    verbosity: 0,
    stderr: (line) => lines.push(line),
    now: Date.now,
    signal: AbortSignal.timeout(20_000),
    deadline: Date.now() + 20_000,
  });
  assert.deepEqual(credential, { token: "printed" });
  assert.deepEqual(lines, ['printed by the mode { secret: "s3" }', "also on stderr"]);
});

Deno.test("worker sandbox: the timeout stops a mode that hangs, and its worker", async () => {
  const started = Date.now();
  await assert.rejects(inWorker(options("hang", ""), AbortSignal.timeout(300)), {
    name: "TimeoutError",
  });
  assert.ok(Date.now() - started < 5000);
});

/** Runs the escape mode in the process sandbox of a process started with the binary's flags. */
async function inProcess(o: EscapeOptions): Promise<Record<string, string>> {
  const flags = (await runtimeFlags()).map((f) =>
    f.startsWith("--allow-env=") ? `${f},ESCAPE_DECLARED` : f
  );
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--config",
      `${REPO_DIR}/deno.json`,
      ...flags,
      `${REPO_DIR}/tests/fixtures/process_escape.ts`,
      JSON.stringify(o),
    ],
    clearEnv: true,
    env: { DENO_DIR: await denoDir(), NO_COLOR: "1", HOME: dir, ESCAPE_DECLARED: "declared-value" },
  }).output();
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

Deno.test("process sandbox: declared file and variable are usable; the network is not declarable", async () => {
  assert.deepEqual(await inProcess(options("read-declared", "", false)), {
    token: "declared-content",
  });
  assert.deepEqual(await inProcess(options("env-declared", "", false)), {
    token: "declared-value",
  });
  const withHost = await inProcess(options("net", declaredHost));
  assert.deepEqual(withHost, {
    error: "Error",
    message: "the process sandbox cannot confine the escape login",
  });
});

for (const [attempt, target, message] of FORBIDDEN) {
  Deno.test(`process sandbox: undeclared ${attempt} ${target} is refused`, async () => {
    const result = await inProcess(options(attempt, target, false));
    assert.equal(result.error, "UndeclaredPermissionError", JSON.stringify(result));
    assert.match(result.message ?? "", message);
    if (attempt === "write") await assert.rejects(Deno.stat(target), Deno.errors.NotFound);
  });
}
