/**
 * `kubelogin completion <shell>` as users load it: each script is checked by its shell when
 * that shell is installed, and bash, zsh and fish complete real command lines through the
 * product (a launcher named `kubelogin` on PATH runs `main.ts` with the binary's flags).
 */

import assert from "node:assert/strict";
import { modeNames } from "../modes/registry.ts";
import { SHELLS } from "../cli/completion_scripts.ts";
import { runCli, writeLauncher } from "./cli_harness.ts";

const tmp = await Deno.makeTempDir({ prefix: "kubelogin-completion-cli-" });
globalThis.addEventListener("unload", () => Deno.removeSync(tmp, { recursive: true }));
await Deno.mkdir(`${tmp}/bin`);
await writeLauncher(`${tmp}/bin/kubelogin`);
const KUBECONFIG = `${tmp}/config`;
await Deno.writeTextFile(
  KUBECONFIG,
  "contexts:\n- name: aks-one\n- name: arn:aws:eks:eu-west-1:1:cluster/x\n",
);

const scripts: Record<string, string> = {};
for (const shell of SHELLS) {
  const r = await runCli(["completion", shell]);
  assert.equal(r.code, 0, r.stderr);
  scripts[shell] = r.stdout;
  await Deno.writeTextFile(`${tmp}/completion.${shell}`, r.stdout);
}

/** The path of `name` on this machine, if installed. */
async function which(name: string): Promise<string | undefined> {
  const out = await new Deno.Command("sh", { args: ["-c", `command -v ${name}`] }).output();
  return out.success ? new TextDecoder().decode(out.stdout).trim() : undefined;
}

/** Runs `shell args…` with the launcher first on PATH; returns stdout lines (stderr must be empty). */
async function inShell(shell: string, args: string[]): Promise<string[]> {
  const out = await new Deno.Command(shell, {
    args,
    clearEnv: true,
    env: { PATH: `${tmp}/bin:/usr/local/bin:/usr/bin:/bin`, HOME: tmp, KUBECONFIG },
    cwd: tmp,
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  assert.equal(out.code, 0, text(out.stderr));
  assert.equal(text(out.stderr), "");
  return text(out.stdout).split("\n").filter((l) => l !== "");
}

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

Deno.test("cli completion: each shell gets a script on stdout; anything else is a usage error", async () => {
  for (const shell of SHELLS) {
    assert.match(scripts[shell]!, /__complete/, shell);
    assert.match(scripts[shell]!, /kubelogin/, shell);
  }
  for (const args of [["completion", "tcsh"], ["completion"]]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^error: /);
  }
});

Deno.test("cli completion: each script is valid for its shell", async (t) => {
  const checks: Record<string, (file: string) => string[]> = {
    bash: (f) => ["bash", "-n", f],
    zsh: (f) => ["zsh", "-n", f],
    fish: (f) => ["fish", "--no-execute", f],
    powershell: (f) => [
      "pwsh",
      "-NoProfile",
      "-NonInteractive",
      "-Command",
      `$e = $null; [System.Management.Automation.Language.Parser]::ParseFile(${
        quote(f)
      }, [ref]$null, [ref]$e) | Out-Null; if ($e) { $e; exit 1 }`,
    ],
  };
  for (const shell of SHELLS) {
    const [exe, ...args] = checks[shell]!(`${tmp}/completion.${shell}`);
    await t.step(shell, async () => {
      if (!await which(exe!)) {
        console.warn(`skipped: ${exe} is not installed`);
        return;
      }
      await inShell(exe!, args);
    });
  }
});

/** COMPREPLY of the bash function for a command line typed up to its end. */
function bashComplete(line: string, words: string[]): Promise<string[]> {
  const script = [
    `source ${quote(`${tmp}/completion.bash`)}`,
    `COMP_WORDS=(${words.map(quote).join(" ")})`,
    `COMP_CWORD=${words.length - 1}`,
    `COMP_LINE=${quote(line)}`,
    "COMP_POINT=${#COMP_LINE}",
    "__kubelogin_complete",
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join("\n");
  return inShell("bash", ["-c", script]);
}

Deno.test("cli completion: bash completes commands, modes, contexts and directories", async () => {
  assert.deepEqual(await bashComplete("kubelogin ", ["kubelogin", ""]), [
    "get-token",
    "convert-kubeconfig",
    "remove-cache-dir",
    "completion",
    "help",
  ]);
  assert.deepEqual(
    await bashComplete("kubelogin get-token --login ", ["kubelogin", "get-token", "--login", ""]),
    modeNames(),
  );
  // bash splits at = and :; readline replaces only the piece after the last one.
  assert.deepEqual(
    await bashComplete("kubelogin get-token --login=s", [
      "kubelogin",
      "get-token",
      "--login",
      "=",
      "s",
    ]),
    modeNames().filter((m) => m.startsWith("s")),
  );
  assert.deepEqual(
    await bashComplete("kubelogin convert-kubeconfig --context arn:aws:eks:eu", [
      "kubelogin",
      "convert-kubeconfig",
      "--context",
      "arn",
      ":",
      "aws",
      ":",
      "eks",
      ":",
      "eu",
    ]),
    ["eu-west-1:1:cluster/x"],
  );
  await Deno.mkdir(`${tmp}/cache-a`, { recursive: true });
  await Deno.writeTextFile(`${tmp}/cache-file`, "");
  assert.deepEqual(
    await bashComplete("kubelogin remove-cache-dir --cache-dir cac", [
      "kubelogin",
      "remove-cache-dir",
      "--cache-dir",
      "cac",
    ]),
    ["cache-a"],
  );
});

Deno.test("cli completion: zsh offers the modes with descriptions", async (t) => {
  if (!await which("zsh")) return void console.warn("skipped: zsh is not installed");
  const script = [
    "compdef() { :; }",
    '_describe() { print -rl -- "${(@P)4}"; }',
    `source ${quote(`${tmp}/completion.zsh`)}`,
    "words=(kubelogin get-token --login '')",
    "CURRENT=4",
    "_kubelogin",
  ].join("\n");
  const lines = await inShell("zsh", ["-c", script]);
  assert.deepEqual(lines.map((l) => l.split(":")[0]), modeNames());
  await t.step("colons in values are escaped for _describe", async () => {
    const ctx = script.replace(
      "words=(kubelogin get-token --login '')\nCURRENT=4",
      "words=(kubelogin convert-kubeconfig --context arn)\nCURRENT=4",
    );
    assert.deepEqual(await inShell("zsh", ["-c", ctx]), [
      "arn\\:aws\\:eks\\:eu-west-1\\:1\\:cluster/x",
    ]);
  });
});

Deno.test("cli completion: fish completes flags and modes", async () => {
  if (!await which("fish")) return void console.warn("skipped: fish is not installed");
  const complete = (line: string) =>
    inShell("fish", [
      "--no-config",
      "-c",
      `source ${quote(`${tmp}/completion.fish`)}; complete -C ${quote(line)}`,
    ]);
  const modes = await complete("kubelogin get-token --login ");
  assert.deepEqual(modes.map((l) => l.split("\t")[0]), modeNames().toSorted()); // fish sorts
  const flags = await complete("kubelogin remove-cache-dir --c");
  assert.deepEqual(flags.map((l) => l.split("\t")[0]), ["--cache-dir"]);
});
