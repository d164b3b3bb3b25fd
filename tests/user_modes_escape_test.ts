/**
 * The permission promise for devicecode, interactive and ropc: a worker with exactly what each
 * descriptor declares for its options can do what the login needs (reach the authority; for
 * interactive, listen on its loopback redirect and start its browser) and nothing else: no
 * other socket, host, file, write, variable, command or system information.
 */

import assert from "node:assert/strict";
import { getTokenOptions } from "../cli/common_options.ts";
import { parseGetTokenFast } from "../cli/fast_args.ts";
import type { Sandbox } from "../modes/sandbox/sandbox.ts";
import { createWorkerSandbox } from "../modes/sandbox/worker_sandbox.ts";
import { findMode } from "../modes/registry.ts";
import type { Permissions } from "../modes/types.ts";
import {
  type DeclaredAttempt,
  declaredMode,
  type DeclaredOptions,
} from "./fixtures/declared_mode.ts";

const dir = await Deno.makeTempDir({ prefix: "kubelogin-user-escape-" });
const authority = Deno.listen({ hostname: "127.0.0.1", port: 0 });
const other = Deno.listen({ hostname: "127.0.0.1", port: 0 });
globalThis.addEventListener("unload", () => {
  authority.close();
  other.close();
  Deno.removeSync(dir, { recursive: true });
});
const authorityHost = `127.0.0.1:${(authority.addr as Deno.NetAddr).port}`;
const otherHost = `127.0.0.1:${(other.addr as Deno.NetAddr).port}`;
const browser = `${dir}/browser`;
await Deno.writeTextFile(browser, "#!/bin/sh\nexit 0\n", { mode: 0o755 });
const secretFile = `${dir}/secret`;
await Deno.writeTextFile(secretFile, "secret");

/** What the real mode declares for these arguments and environment. */
async function declared(args: string[], env: Record<string, string> = {}): Promise<Permissions> {
  const flags = parseGetTokenFast(
    [
      "get-token",
      ...args,
      "--server-id",
      "6dae42f8-4368-4678-94ff-3960e28e3630",
      "--client-id",
      "80faf920-1908-4b52-b5ef-a8e7bedfc67a",
      "--tenant-id",
      "72f988bf-86f1-41af-91ab-2d7cd011db47",
      "--authority-host",
      `https://${authorityHost}/`,
    ],
    getTokenOptions(),
  )!;
  const mode = (await findMode(String(flags.login)))!;
  return mode.permissions(mode.resolve({ flags, env: (name) => env[name] }));
}

const sandbox: Sandbox = createWorkerSandbox(
  new URL("./fixtures/declared_worker.ts", import.meta.url),
);

async function run(p: Permissions, attempt: DeclaredAttempt, target: string): Promise<string> {
  const options: DeclaredOptions = { declared: p, attempt, target };
  const { credential } = await sandbox.acquire(declaredMode as never, options, {
    execInfo: undefined,
    verbosity: 0,
    stderr: () => {},
    now: Date.now,
    signal: AbortSignal.timeout(20_000),
    deadline: Date.now() + 20_000,
  });
  return "token" in credential ? credential.token : "";
}

async function refused(p: Permissions, attempt: DeclaredAttempt, target: string, what: RegExp) {
  await assert.rejects(run(p, attempt, target), (err: Error) => {
    assert.equal(err.name, "UndeclaredPermissionError", err.message);
    assert.match(err.message, what);
    return true;
  }, `${attempt} ${target}`);
}

const cases: [string, string[], Record<string, string>][] = [
  ["devicecode", ["--login", "devicecode"], {}],
  ["devicecode --legacy", ["--login", "devicecode", "--legacy"], {}],
  ["ropc", ["--login", "ropc", "--username", "u@x"], { AZURE_PASSWORD: "pw" }],
  ["interactive", ["--login", "interactive"], { BROWSER: browser }],
];

for (const [name, args, env] of cases) {
  Deno.test(`${name}: reaches its authority and nothing else`, async () => {
    const p = await declared(args, env);
    assert.equal(await run(p, "connect", authorityHost), "connected");
    await refused(p, "connect", otherHost, /net access to "127\.0\.0\.1:\d+"/);
    await refused(p, "listen", otherHost, /net access to "127\.0\.0\.1:\d+"/);
    await refused(p, "listen", "0.0.0.0:0", /net access to "0\.0\.0\.0:0"/);
    await refused(p, "read", secretFile, /read access to/);
    await refused(p, "write", `${dir}/written`, /write access to/);
    await refused(p, "env", "HOME", /env access to "HOME"/);
    await refused(p, "env", "BROWSER", /env access to "BROWSER"/);
    await refused(p, "run", "/bin/sh", /run access to "\/bin\/sh"/);
    await refused(p, "sys", "", /sys access to "hostname"/);
    await assert.rejects(Deno.stat(`${dir}/written`), Deno.errors.NotFound);
  });
}

Deno.test("devicecode: msal's two import-time variables are declared, except with --legacy (no msal)", async () => {
  assert.equal(
    await run(await declared(["--login", "devicecode"]), "env", "ProgramData"),
    "env:(unset)",
  );
  await refused(
    await declared(["--login", "devicecode", "--legacy"]),
    "env",
    "ProgramData",
    /env access to "ProgramData"/,
  );
});

Deno.test("interactive: the loopback listener is the only socket it may open; the browser the only command", async () => {
  const p = await declared(["--login", "interactive"], { BROWSER: browser });
  assert.equal(await run(p, "listen", "127.0.0.1:0"), "listened");
  assert.equal(await run(p, "run", browser), "ran:0");
  await refused(p, "listen", "127.0.0.1:8400", /net access to "127\.0\.0\.1:8400"/);
  await refused(p, "listen", "[::1]:0", /net access to "\[::1\]:0"/);

  const fixed = await declared(
    ["--login", "interactive", "--redirect-url", "http://localhost:8400/callback"],
    { BROWSER: browser },
  );
  await refused(fixed, "listen", "127.0.0.1:0", /net access to "127\.0\.0\.1:0"/);
  await refused(fixed, "listen", "127.0.0.1:8401", /net access to "127\.0\.0\.1:8401"/);

  const opener = await declared(["--login", "interactive"]);
  const expected = Deno.build.os === "darwin"
    ? "open"
    : Deno.build.os === "windows"
    ? "cmd"
    : "xdg-open";
  assert.deepEqual(opener.run, [expected], "without BROWSER, the platform opener");
  await refused(opener, "run", browser, /run access to/);
});
