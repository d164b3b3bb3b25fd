/**
 * The serviceaccount mode through the real CLI, in a subprocess with the binary's permission
 * flags: the process sandbox (revoke everything, then parse) is what runs here.
 */

import assert from "node:assert/strict";
import { runCli } from "./cli_harness.ts";
import { epoch, serviceAccountJwt } from "./jwt_fixtures.ts";

const dir = await Deno.makeTempDir({ prefix: "kubelogin-sa-cli-" });
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
const V1_INFO =
  '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}';

async function tokenFile(name: string, content: string): Promise<string> {
  const path = `${dir}/${name}`;
  await Deno.writeTextFile(path, content);
  return path;
}

function sa(file: string, ...more: string[]): string[] {
  return ["get-token", "--login", "serviceaccount", "--token-file", file, ...more];
}

Deno.test("serviceaccount CLI: a raw JWT file gives a v1beta1 ExecCredential with its exp", async () => {
  const exp = epoch(7200);
  const jwt = await serviceAccountJwt({ exp });
  const r = await runCli(sa(await tokenFile("raw", jwt + "\n")));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  assert.ok(r.stdout.endsWith("}\n") && r.stdout.indexOf("\n") === r.stdout.length - 1, "one line");
  assert.deepEqual(JSON.parse(r.stdout), {
    kind: "ExecCredential",
    apiVersion: "client.authentication.k8s.io/v1beta1",
    spec: { interactive: false },
    status: {
      expirationTimestamp: new Date(exp * 1000).toISOString().replace(".000Z", "Z"),
      token: jwt,
    },
  });
});

Deno.test("serviceaccount CLI: --api-version v1 and KUBERNETES_EXEC_INFO v1 both answer in v1", async () => {
  const file = await tokenFile("v1", await serviceAccountJwt({ exp: epoch(600) }));
  const byFlag = await runCli(sa(file, "--api-version", "v1"));
  assert.equal(JSON.parse(byFlag.stdout).apiVersion, "client.authentication.k8s.io/v1");
  const byEnv = await runCli(sa(file), { env: { KUBERNETES_EXEC_INFO: V1_INFO } });
  assert.equal(JSON.parse(byEnv.stdout).apiVersion, "client.authentication.k8s.io/v1");
  const alpha = await runCli(sa(file), {
    env: { KUBERNETES_EXEC_INFO: V1_INFO.replace("/v1", "/v1alpha1") },
  });
  assert.equal(alpha.code, 1);
  assert.equal(alpha.stdout, "");
  assert.equal(
    alpha.stderr,
    "error: api version: client.authentication.k8s.io/v1alpha1 is not supported\n",
  );
});

Deno.test("serviceaccount CLI: the file comes from the flag, then the env variable", async () => {
  const fromEnv = await tokenFile("env", "env-token");
  const r = await runCli(["get-token", "--login", "serviceaccount"], {
    env: { KUBELOGIN_SERVICE_ACCOUNT_TOKEN_FILE: fromEnv },
  });
  assert.equal(JSON.parse(r.stdout).status.token, "env-token");
  const flagWins = await runCli(sa(await tokenFile("flag", "flag-token")), {
    env: { KUBELOGIN_SERVICE_ACCOUNT_TOKEN_FILE: fromEnv },
  });
  assert.equal(JSON.parse(flagWins.stdout).status.token, "flag-token");
});

Deno.test("serviceaccount CLI: without flag or env it reads the in-pod token path", async () => {
  const r = await runCli(["get-token", "--login", "serviceaccount"]);
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    'error: cannot read service account token file "/var/run/secrets/kubernetes.io/serviceaccount/token": no such file\n',
  );
});

Deno.test("serviceaccount CLI: expired, empty and garbled files are one-line errors naming the file", async () => {
  const expired = await tokenFile(
    "expired",
    await serviceAccountJwt({ exp: Date.UTC(2025, 5, 1) / 1000 }),
  );
  const cases: [string, string][] = [
    [expired, `error: service account token in "${expired}" expired at 2025-06-01T00:00:00Z`],
    [await tokenFile("empty", ""), `error: service account token file "${dir}/empty" is empty`],
    [
      await tokenFile("spaces", "two words\n"),
      `error: service account token in "${dir}/spaces" contains whitespace`,
    ],
    [
      await tokenFile("yaml", "kind: Secret\ntype: Opaque\n"),
      `error: Secret in "${dir}/yaml" has type "Opaque"`,
    ],
    [dir, `error: cannot read service account token file "${dir}": is a directory`],
  ];
  for (const [file, prefix] of cases) {
    const r = await runCli(sa(file));
    assert.equal(r.code, 1, file);
    assert.equal(r.stdout, "", file);
    assert.ok(r.stderr.startsWith(prefix), `${r.stderr} should start with ${prefix}`);
    assert.equal(r.stderr.split("\n").length, 2, "exactly one line");
  }
});

Deno.test("serviceaccount CLI: a Secret manifest in YAML works even with yaml's debug variables set", async () => {
  const jwt = await serviceAccountJwt({ iss: "kubernetes/serviceaccount" });
  const file = await tokenFile(
    "secret.yaml",
    `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/service-account-token\ndata:\n  token: ${
      btoa(jwt)
    }\n`,
  );
  const r = await runCli(sa(file), { env: { LOG_TOKENS: "1", LOG_STREAM: "1" } });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).status, { token: jwt }, "stdout holds only the credential");
});

Deno.test("serviceaccount CLI: a FIFO (e.g. a shell's process substitution) is read to its end", async () => {
  const fifo = `${dir}/fifo`;
  await new Deno.Command("mkfifo", { args: [fifo] }).output();
  const writer = new Deno.Command("sh", { args: ["-c", `printf 'fifo-token\\n' > '${fifo}'`] })
    .spawn();
  const r = await runCli(sa(fifo));
  await writer.status;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).status.token, "fifo-token");
});

Deno.test("serviceaccount CLI: a FIFO nobody writes to ends at --timeout; an endless file is refused", async () => {
  const fifo = `${dir}/silent-fifo`;
  await new Deno.Command("mkfifo", { args: [fifo] }).output();
  const started = Date.now();
  const silent = await runCli(sa(fifo, "--timeout", "1s"));
  assert.equal(silent.code, 1);
  assert.match(silent.stderr, /^error: timed out after 1s/);
  assert.ok(Date.now() - started < 5000);
  const endless = await runCli(sa("/dev/zero"));
  assert.equal(endless.code, 1);
  assert.equal(
    endless.stderr,
    'error: cannot read service account token file "/dev/zero": is larger than 1 MiB\n',
  );
});
