/**
 * End to end with the real kubectl: kubeconfigs whose user runs this plugin (exec apiVersion
 * v1 with interactiveMode Never, and v1beta1), against a fake HTTPS API server that accepts
 * exactly one bearer token.
 */

import assert from "node:assert/strict";
import { writeLauncher } from "./cli_harness.ts";
import { SERVER_ID, setUpEntra } from "./entra_setup.ts";
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

// spn: kubectl → plugin → fake Entra ID; the API server accepts tokens the fake issued for the
// server id (as AKS does with Entra ID tokens).
const SPN_SECRET = "e2e-spn-secret";
const spnApp = crypto.randomUUID();
const entra = await setUpEntra({ clients: [{ clientId: spnApp, secret: SPN_SECRET }] });
const aksLike = await startFakeApiServer(
  ca,
  async (token) => (await entra.entra.verifyToken(token)).aud === SERVER_ID,
);
globalThis.addEventListener("unload", () => aksLike.close());

async function spnKubeconfig(cache: string): Promise<string> {
  const path = `${dir}/spn-${crypto.randomUUID()}.yaml`;
  const args = [
    "get-token",
    "--login",
    "spn",
    ...entra.target,
    "--client-id",
    spnApp,
    "--cache-dir",
    cache,
  ];
  await Deno.writeTextFile(
    path,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{
        name: "aks",
        cluster: { server: aksLike.url, "certificate-authority-data": btoa(ca.certPem) },
      }],
      users: [{
        name: "spn",
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: launcher,
            args,
            env: [
              { name: "AZURE_CLIENT_SECRET", value: SPN_SECRET },
              { name: "DENO_CERT", value: entra.env.DENO_CERT },
            ],
          },
        },
      }],
      contexts: [{ name: "aks", context: { cluster: "aks", user: "spn" } }],
      "current-context": "aks",
    }),
  );
  return path;
}

for (const { path, version } of kubectls.slice(0, 1)) {
  Deno.test(`kubectl ${version}: spn through the fake Entra ID, then from the token cache`, async () => {
    const config = await spnKubeconfig(entra.cacheDir());
    const before = entra.entra.countRequests({ grantType: "client_credentials", clientId: spnApp });
    for (let i = 0; i < 2; i++) {
      const r = await kubectl(path, config, "get", "--raw", "/version");
      assert.equal(r.code, 0, r.stderr);
    }
    assert.equal(
      entra.entra.countRequests({ grantType: "client_credentials", clientId: spnApp }) - before,
      1,
    );
  });
}
