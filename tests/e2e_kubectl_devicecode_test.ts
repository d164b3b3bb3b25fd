/**
 * End to end with the real kubectl and the default login, devicecode: a kubeconfig as AKS
 * writes it (plus `--authority-host` pointing at the fake Entra ID, whose CA the plugin trusts
 * through `DENO_CERT` in the exec env), a device code the fake approves by itself, and a fake
 * API server that accepts only tokens the fake Entra ID issued for the cluster.
 */

import assert from "node:assert/strict";
import { writeLauncher } from "./cli_harness.ts";
import { ALICE, PUBLIC_APP, SERVER_ID, startEntraCli, TENANT } from "./entra_cli_setup.ts";
import { startFakeApiServer } from "./fakes/apiserver.ts";
import { findKubectls } from "./kubectl.ts";

const kubectls = await findKubectls();
const t = await startEntraCli({ deviceCode: { intervalSeconds: 0.1, autoApprove: ALICE } });
const server = await startFakeApiServer(t.ca, async (token) => {
  try {
    return (await t.entra.verifyToken(token)).aud === SERVER_ID;
  } catch {
    return false;
  }
});
globalThis.addEventListener("unload", () => {
  server.close();
  void t[Symbol.asyncDispose]();
});
const launcher = `${t.dir}/kubelogin`;
await writeLauncher(launcher);

async function kubeconfig(cacheDir: string): Promise<string> {
  const args = [
    "get-token",
    "--login",
    "devicecode",
    "--server-id",
    SERVER_ID,
    "--client-id",
    PUBLIC_APP,
    "--tenant-id",
    TENANT,
    "--authority-host",
    t.entra.url,
    "--cache-dir",
    cacheDir,
  ];
  const path = `${cacheDir}.yaml`;
  await Deno.writeTextFile(
    path,
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "- name: aks",
      "  cluster:",
      `    server: ${server.url}`,
      `    certificate-authority-data: ${btoa(t.ca.certPem)}`,
      "users:",
      "- name: aks-user",
      "  user:",
      "    exec:",
      "      apiVersion: client.authentication.k8s.io/v1",
      `      command: ${launcher}`,
      `      args: ${JSON.stringify(args)}`,
      `      env: [{name: DENO_CERT, value: ${JSON.stringify(t.caFile)}}]`,
      "      interactiveMode: Never",
      "contexts:",
      "- name: aks",
      "  context: {cluster: aks, user: aks-user}",
      "current-context: aks",
      "",
    ].join("\n"),
  );
  return path;
}

async function kubectl(path: string, config: string, ...args: string[]) {
  const out = await new Deno.Command(path, {
    args: ["--kubeconfig", config, ...args],
    env: { HOME: t.dir, KUBECACHEDIR: `${t.dir}/kubectl-cache` },
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

for (const { path, version } of kubectls) {
  Deno.test(`kubectl ${version}: devicecode signs in once, then every command uses the cached token`, async () => {
    const config = await kubeconfig(t.cacheDir());
    const first = await kubectl(path, config, "get", "--raw", "/version");
    assert.equal(first.code, 0, first.stderr);
    assert.equal(JSON.parse(first.stdout).gitVersion, "v1.32.0-fake");
    assert.match(first.stderr, /enter the code [A-Z0-9]{9} to authenticate/, "the person was told");
    const accepted = server.authorizations.at(-1)!;
    assert.equal(
      (await t.entra.verifyToken(accepted.slice(7))).preferred_username,
      ALICE.username,
    );

    const requests = t.entra.requests.length;
    const second = await kubectl(path, config, "get", "--raw", "/version");
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stderr, "", "no sign-in message");
    assert.equal(t.entra.requests.length, requests, "no request to Entra ID");
    assert.equal(server.authorizations.at(-1), accepted);
  });
}
