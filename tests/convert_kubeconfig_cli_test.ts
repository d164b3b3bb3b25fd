/**
 * `kubelogin convert-kubeconfig` as a user runs it: `main.ts` in a subprocess with the binary's
 * permission flags, on temporary kubeconfigs. Only modes in the registry can be targets here.
 */

import assert from "node:assert/strict";
import { modeNames } from "../modes/registry.ts";
import { runCli } from "./cli_harness.ts";
import { kubeconfigText, readUsers, withTempDir } from "./convert_fixtures.ts";
import { AKS_TWO_CLUSTERS, HAND_WRITTEN } from "./testdata/kubeconfigs.ts";

const SA_EXEC = (tokenArgs: string[]) => ({
  apiVersion: "client.authentication.k8s.io/v1beta1",
  args: ["get-token", "--login", "serviceaccount", ...tokenArgs],
  command: "kubelogin",
  env: null,
  installHint:
    "\nkubelogin is not installed which is required to connect to AAD enabled cluster.\n\n" +
    "To learn more, please go to https://aka.ms/aks/kubelogin\n",
  provideClusterInfo: false,
});

async function snapshot(path: string) {
  return { text: await Deno.readTextFile(path), ino: (await Deno.stat(path)).ino };
}

Deno.test("cli convert-kubeconfig: --kubeconfig, -l serviceaccount --token-file; silent on success", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/config`;
    await Deno.writeTextFile(path, AKS_TWO_CLUSTERS, { mode: 0o600 });
    await Deno.chmod(path, 0o600);
    const result = await runCli([
      "convert-kubeconfig",
      "--kubeconfig",
      path,
      "-l",
      "serviceaccount",
      "--token-file=/var/run/ci/token",
    ]);
    assert.deepEqual(result, { code: 0, stdout: "", stderr: "" });
    const users = await readUsers(path);
    for (const name of ["clusterUser_rg_aks-one", "clusterUser_rg_aks-two"]) {
      assert.deepEqual(users[name], { exec: SA_EXEC(["--token-file", "/var/run/ci/token"]) });
    }
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  });
});

Deno.test("cli convert-kubeconfig: $KUBECONFIG list, AAD_LOGIN_METHOD, --context, -v 1", async () => {
  await withTempDir(async (dir) => {
    const [aks, other] = [`${dir}/aks`, `${dir}/other`];
    await Deno.writeTextFile(aks, AKS_TWO_CLUSTERS);
    await Deno.writeTextFile(other, HAND_WRITTEN);
    const before = await snapshot(other);
    const result = await runCli(["convert-kubeconfig", "--context", "aks-one", "-v", "1"], {
      env: { KUBECONFIG: `${aks}:${dir}/missing:${other}`, AAD_LOGIN_METHOD: "serviceaccount" },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "");
    assert.equal(
      result.stderr,
      `I converted user "clusterUser_rg_aks-one" in "${aks}" to serviceaccount\nI wrote "${aks}"\n`,
    );
    const users = await readUsers(aks);
    assert.deepEqual(users["clusterUser_rg_aks-one"], { exec: SA_EXEC([]) });
    assert.deepEqual(
      (users["clusterUser_rg_aks-two"]!.exec as { args: string[] }).args.slice(-2),
      ["--login", "devicecode"],
    );
    assert.deepEqual(await snapshot(other), before);
  });
});

Deno.test("cli convert-kubeconfig: ~/.kube/config by default; AAD_LOGIN_METHOD beats --login unless disabled", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/.kube`);
    const path = `${dir}/.kube/config`;
    await Deno.writeTextFile(path, AKS_TWO_CLUSTERS);
    const env = { HOME: dir, AAD_LOGIN_METHOD: "nope" };
    const refused = await runCli(["convert-kubeconfig", "-l", "serviceaccount"], { env });
    assert.equal(refused.code, 1);
    assert.equal(
      refused.stderr,
      `error: 'nope' is not a supported login method. Supported method is one of ${
        modeNames().join(", ")
      }\n`,
    );
    assert.equal(await Deno.readTextFile(path), AKS_TWO_CLUSTERS);
    const ok = await runCli(
      ["convert-kubeconfig", "-l", "serviceaccount", "--disable-environment-override"],
      { env },
    );
    assert.deepEqual(ok, { code: 0, stdout: "", stderr: "" });
    assert.deepEqual((await readUsers(path))["clusterUser_rg_aks-two"], { exec: SA_EXEC([]) });
  });
});

Deno.test("cli convert-kubeconfig: bad input exits 1 with one error line and leaves the file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/config`;
    await Deno.writeTextFile(path, AKS_TWO_CLUSTERS);
    const before = await snapshot(path);
    const unknown = await runCli(
      ["convert-kubeconfig", "--kubeconfig", path, "-l", "serviceaccount", "--context", "prod"],
    );
    assert.deepEqual(unknown, {
      code: 1,
      stdout: "",
      stderr: 'error: no context exists with the name: "prod"\n',
    });
    assert.deepEqual(await snapshot(path), before);

    const broken = `${dir}/broken`;
    await Deno.writeTextFile(broken, "users: [\n");
    const malformed = await runCli(
      ["convert-kubeconfig", "--kubeconfig", broken, "-l", "serviceaccount"],
    );
    assert.equal(malformed.code, 1);
    assert.match(
      malformed.stderr,
      new RegExp(`^error: cannot parse kubeconfig "${broken}": [^\n]+\n$`),
    );
    assert.equal(await Deno.readTextFile(broken), "users: [\n");
  });
});

Deno.test("cli convert-kubeconfig: usage errors exit 2", async () => {
  for (const args of [["--bogus"], ["--context"], ["--kubeconfig"]]) {
    const result = await runCli(["convert-kubeconfig", ...args]);
    assert.equal(result.code, 2, `${args}: ${result.stderr}`);
    assert.equal(result.stdout, "");
  }
});

Deno.test("cli convert-kubeconfig: nothing to convert is a warning, and no write", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/config`;
    await Deno.writeTextFile(path, await kubeconfigText([["bot", { token: "static" }]]));
    const before = await snapshot(path);
    const result = await runCli(
      ["convert-kubeconfig", "--kubeconfig", path, "-l", "serviceaccount"],
    );
    assert.equal(result.code, 0);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /^warning: nothing to convert: [^\n]+\n$/);
    assert.deepEqual(await snapshot(path), before);
  });
});

Deno.test("cli convert-kubeconfig: --help lists its own flags and every mode's", async () => {
  const result = await runCli(["convert-kubeconfig", "--help"]);
  assert.equal(result.code, 0);
  for (
    const flag of ["--kubeconfig", "--context", "--azure-config-dir", "--token-file", "--login"]
  ) {
    assert.ok(result.stdout.includes(flag), flag);
  }
});
