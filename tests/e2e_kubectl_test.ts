/**
 * End to end with the real kubectl: kubeconfigs whose user runs this plugin (exec apiVersion
 * v1 with interactiveMode Never, and v1beta1), against a fake HTTPS API server that accepts
 * exactly one bearer token.
 */

import assert from "node:assert/strict";
import { writeLauncher } from "./cli_harness.ts";
import { startFakeApiServer } from "./fakes/apiserver.ts";
import { createTestCa } from "./fakes/tls.ts";
import { epoch, serviceAccountJwt } from "./jwt_fixtures.ts";
import { findKubectls } from "./kubectl.ts";

const kubectls = await findKubectls();
const dir = await Deno.makeTempDir({ prefix: "kubelogin-e2e-" });
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

const ca = await createTestCa();
const goodToken = await serviceAccountJwt({ exp: epoch(3600) });
const server = await startFakeApiServer(ca, goodToken);
globalThis.addEventListener("unload", () => server.close());
const launcher = `${dir}/kubelogin`;
await writeLauncher(launcher);

/** A kubeconfig whose user runs `kubelogin get-token --login serviceaccount`. */
async function kubeconfig(
  name: string,
  execApiVersion: "v1" | "v1beta1",
  tokenFile: string,
): Promise<string> {
  const exec = [
    `      apiVersion: client.authentication.k8s.io/${execApiVersion}`,
    `      command: ${launcher}`,
    "      args: [get-token, --login, serviceaccount, --token-file, " + JSON.stringify(tokenFile) +
    "]",
    ...(execApiVersion === "v1" ? ["      interactiveMode: Never"] : []),
  ];
  const path = `${dir}/${name}.yaml`;
  await Deno.writeTextFile(
    path,
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "- name: fake",
      "  cluster:",
      `    server: ${server.url}`,
      `    certificate-authority-data: ${btoa(ca.certPem)}`,
      "users:",
      "- name: sa",
      "  user:",
      "    exec:",
      ...exec,
      "contexts:",
      "- name: fake",
      "  context: {cluster: fake, user: sa}",
      "current-context: fake",
      "",
    ].join("\n"),
  );
  return path;
}

async function kubectl(path: string, config: string, ...args: string[]) {
  const out = await new Deno.Command(path, {
    args: ["--kubeconfig", config, ...args],
    env: { HOME: dir, KUBECACHEDIR: `${dir}/kubectl-cache` },
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

const goodFile = `${dir}/good-token`;
await Deno.writeTextFile(goodFile, goodToken + "\n");
const badFile = `${dir}/bad-token`;
await Deno.writeTextFile(
  badFile,
  (await serviceAccountJwt({ exp: epoch(3600), sub: "system:serviceaccount:x:y" })) + "\n",
);

for (const { path, version } of kubectls) {
  for (const execApiVersion of ["v1", "v1beta1"] as const) {
    Deno.test(`kubectl ${version}: exec ${execApiVersion} reaches the API server through the plugin`, async () => {
      const before = server.authorizations.length;
      const r = await kubectl(
        path,
        await kubeconfig(`good-${execApiVersion}`, execApiVersion, goodFile),
        "get",
        "--raw",
        "/version",
      );
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).gitVersion, "v1.32.0-fake");
      assert.ok(
        server.authorizations.slice(before).includes(`Bearer ${goodToken}`),
        "the plugin's token was sent",
      );
    });

    Deno.test(`kubectl ${version}: exec ${execApiVersion} with a token the server rejects fails`, async () => {
      const r = await kubectl(
        path,
        await kubeconfig(`bad-${execApiVersion}`, execApiVersion, badFile),
        "get",
        "--raw",
        "/version",
      );
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /Unauthorized|must be logged in/i);
    });
  }

  Deno.test(`kubectl ${version}: a plugin error reaches the user and kubectl fails`, async () => {
    const r = await kubectl(
      path,
      await kubeconfig("missing", "v1", `${dir}/missing-token`),
      "get",
      "--raw",
      "/version",
    );
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /cannot read service account token file ".*missing-token": no such file/,
    );
  });
}
