import assert from "node:assert/strict";
import { Command, Option } from "@commander-js/extra-typings";
import { ENVIRONMENT_NAMES } from "../modes/azure/clouds.ts";
import { modeNames } from "../modes/registry.ts";
import { runInProcess } from "../tests/test_deps.ts";
import { getTokenOptions } from "./common_options.ts";
import { complete } from "./complete.ts";

const dir = await Deno.makeTempDir({ prefix: "kubelogin-complete-test-" });
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

/** The candidates (values only) and the trailing kind line of `__complete <words>`. */
async function completeWords(words: string[], env: Record<string, string> = {}) {
  const r = await runInProcess(["__complete", ...words], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  const lines = r.stdout.split("\n");
  assert.equal(lines.pop(), "", "ends with a newline");
  const kind = lines.pop();
  return { values: lines.map((l) => l.split("\t")[0]), kind, lines };
}

const kubeconfig = (contexts: string[]) =>
  [
    "apiVersion: v1",
    "kind: Config",
    "contexts:",
    ...contexts.flatMap((name) => [`- name: ${name}`, "  context: {cluster: c, user: u}"]),
    "users: []",
  ].join("\n") + "\n";

Deno.test("__complete: an empty word lists the visible commands", async () => {
  const { values, kind } = await completeWords([""]);
  assert.deepEqual(values, [
    "get-token",
    "convert-kubeconfig",
    "remove-cache-dir",
    "completion",
    "help",
  ]);
  assert.equal(kind, ":none");
  assert.deepEqual((await completeWords(["re"])).values, ["remove-cache-dir"]);
  assert.deepEqual((await completeWords(["help", "co"])).values, [
    "convert-kubeconfig",
    "completion",
  ]);
});

Deno.test("__complete: --login completes to the registered modes, with their summaries", async () => {
  const { values, lines } = await completeWords(["get-token", "--login", ""]);
  assert.deepEqual(values, modeNames());
  assert.ok(lines.every((l) => /^\S+\t\S/.test(l)), "each mode has a description");
  assert.deepEqual((await completeWords(["get-token", "-l", "servi"])).values, ["serviceaccount"]);
  assert.deepEqual((await completeWords(["convert-kubeconfig", "--login=servi"])).values, [
    "--login=serviceaccount",
  ]);
});

Deno.test("__complete: --environment, --api-version and completion's shells", async () => {
  assert.deepEqual((await completeWords(["get-token", "-e", ""])).values, [...ENVIRONMENT_NAMES]);
  assert.deepEqual((await completeWords(["get-token", "--api-version", ""])).values, [
    "v1",
    "v1beta1",
  ]);
  assert.deepEqual((await completeWords(["completion", ""])).values, [
    "bash",
    "zsh",
    "fish",
    "powershell",
  ]);
  assert.deepEqual((await completeWords(["completion", "bash", ""])).values, []);
});

Deno.test("__complete: -- lists the command's visible flags, not those already given", async () => {
  const { values } = await completeWords(["get-token", "--"]);
  const visible = getTokenOptions().filter((s) => !s.hidden).map((s) => `--${s.long}`);
  assert.deepEqual(values.toSorted(), [...visible, "--help"].toSorted());
  const after = await completeWords(["get-token", "--login", "spn", "--"]);
  assert.ok(!after.values.includes("--login"));
  assert.ok(after.values.includes("--server-id"));
  // The program's own flags before a command.
  assert.deepEqual((await completeWords(["--"])).values, [
    "--version",
    "--v",
    "--logtostderr",
    "--help",
  ]);
  assert.deepEqual((await completeWords(["remove-cache-dir", "--"])).values, [
    "--cache-dir",
    "--v",
    "--logtostderr",
    "--help",
  ]);
});

Deno.test("__complete: --context lists the contexts of the kubeconfig on the line or in $KUBECONFIG", async () => {
  const path = `${dir}/config`;
  await Deno.writeTextFile(
    path,
    kubeconfig(["aks-one", "aks-two", "arn:aws:eks:eu-west-1:1:cluster/x"]),
  );
  const fromFlag = await completeWords(
    ["convert-kubeconfig", "--kubeconfig", path, "--context", ""],
  );
  assert.deepEqual(fromFlag.values, ["aks-one", "aks-two", "arn:aws:eks:eu-west-1:1:cluster/x"]);
  const fromEnv = await completeWords(["convert-kubeconfig", "--context", "aks-t"], {
    KUBECONFIG: `${dir}/missing:${path}`,
  });
  assert.deepEqual(fromEnv.values, ["aks-two"]);
  const fromHome = await completeWords(["convert-kubeconfig", "--context="], { HOME: dir });
  assert.deepEqual(fromHome.values, []); // no ~/.kube/config there: nothing, and no error
  const broken = `${dir}/broken`;
  await Deno.writeTextFile(broken, "contexts: [unclosed\n");
  const bad = await completeWords([
    "convert-kubeconfig",
    `--kubeconfig=${broken}`,
    "--context",
    "",
  ]);
  assert.deepEqual(bad, { values: [], kind: ":none", lines: [] });
});

Deno.test("__complete: file and directory flags leave the names to the shell", async () => {
  assert.equal((await completeWords(["get-token", "--token-file", ""])).kind, ":files");
  assert.equal((await completeWords(["get-token", "--cache-dir", "/tm"])).kind, ":dirs");
  assert.equal((await completeWords(["convert-kubeconfig", "--kubeconfig="])).kind, ":files");
  const serverId = await completeWords(["get-token", "--server-id", ""]);
  assert.deepEqual(serverId, { values: [], kind: ":none", lines: [] });
});

Deno.test("complete: commands, flags and choices come from the commander program itself", async () => {
  const program = new Command("tool");
  program.command("alpha").option("--colour <name>", "a colour").option("--dry-run", "do not")
    .addOption(new Option("--size <size>").choices(["small", "large"]));
  program.command("beta", { hidden: true });
  const names = async (words: string[]) =>
    (await complete(program, words, () => undefined)).candidates.map((c) => c.value);
  assert.deepEqual(await names([""]), ["alpha", "help"]);
  assert.deepEqual(await names(["alpha", "--"]), ["--colour", "--dry-run", "--size", "--help"]);
  assert.deepEqual(await names(["alpha", "--colour", ""]), []);
  assert.deepEqual(await names(["alpha", "--size", "l"]), ["large"]);
});
