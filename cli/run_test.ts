import assert from "node:assert/strict";
import { epoch, serviceAccountJwt } from "../tests/jwt_fixtures.ts";
import { runInProcess } from "../tests/test_deps.ts";

const dir = await Deno.makeTempDir({ prefix: "kubelogin-run-test-" });
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
const tokenFile = `${dir}/token`;
const exp = epoch(3600);
const jwt = await serviceAccountJwt({ exp });
await Deno.writeTextFile(tokenFile, jwt + "\n");
const sa = ["get-token", "--login", "serviceaccount", "--token-file", tokenFile];

Deno.test("run: prints one ExecCredential and exits 0", async () => {
  const r = await runInProcess(sa);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.apiVersion, "client.authentication.k8s.io/v1beta1");
  assert.equal(doc.status.token, jwt);
  assert.equal(Date.parse(doc.status.expirationTimestamp), exp * 1000);
});

Deno.test("run: runtime errors print one 'error:' line, nothing on stdout, exit 1", async () => {
  const r = await runInProcess([
    "get-token",
    "--login",
    "serviceaccount",
    "--token-file",
    `${dir}/missing`,
  ]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.equal(
    r.stderr,
    `error: cannot read service account token file "${dir}/missing": no such file\n`,
  );
});

Deno.test("run: an unknown login method lists the registered ones", async () => {
  const r = await runInProcess(["get-token", "--login", "nope"]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.match(
    r.stderr,
    /^error: 'nope' is not a supported login method\. Supported method is one of .*serviceaccount/,
  );
});

Deno.test("run: usage errors exit 2 with nothing on stdout", async () => {
  for (
    const args of [
      [...sa, "--api-version", "v1alpha1"],
      [...sa, "--bogus"],
      ["get-token", "--token-file"],
      [...sa, "--timeout", "soon"],
      [...sa, "-v", "loud"],
      ["no-such-command"],
    ]
  ) {
    const r = await runInProcess(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stdout, "", args.join(" "));
    assert.match(r.stderr, /^error: /, args.join(" "));
    assert.equal(r.stderr.trimEnd().split("\n").length, 1, `one line: ${r.stderr}`);
  }
});

Deno.test("run: a mistyped flag is one line, with commander's suggestion", async () => {
  const r = await runInProcess(["get-token", "--servr-id", "x"]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "error: unknown option '--servr-id' (Did you mean --server-id?)\n");
});

Deno.test("run: --timeout 0 is kubelogin's validation error", async () => {
  const r = await runInProcess([...sa, "--timeout", "0s"]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "error: timeout must be greater than 0\n");
});

Deno.test("run: help and version go to stdout and exit 0", async () => {
  const help = await runInProcess(["get-token", "--help"]);
  assert.equal(help.code, 0);
  const text = help.stdout.replace(/\s+/g, " ");
  assert.match(text, /--token-file <path>/);
  assert.match(text, /KUBELOGIN_SERVICE_ACCOUNT_TOKEN_FILE: used when the flag is absent/);
  assert.match(text, /AAD_LOGIN_METHOD: overrides the flag/);
  const version = await runInProcess(["--version"]);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^kubelogin version v\d+\.\d+\.\d+/);
  const bare = await runInProcess([]);
  assert.equal(bare.code, 0);
  assert.match(bare.stdout, /get-token/);
});

Deno.test("run: AAD_LOGIN_METHOD overrides --login unless environment overrides are disabled", async () => {
  const env = { AAD_LOGIN_METHOD: "serviceaccount" };
  const viaEnv = await runInProcess([
    "get-token",
    "--login",
    "devicecode",
    "--token-file",
    tokenFile,
  ], { env });
  assert.equal(viaEnv.code, 0, viaEnv.stderr);
  const disabled = await runInProcess(
    ["get-token", "--login", "nope", "--token-file", tokenFile, "--disable-environment-override"],
    { env },
  );
  assert.match(disabled.stderr, /'nope' is not a supported login method/);
});

Deno.test("run: KUBERNETES_EXEC_INFO chooses v1; --api-version wins over it with a warning", async () => {
  const env = {
    KUBERNETES_EXEC_INFO:
      '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}',
  };
  const v1 = await runInProcess(sa, { env });
  assert.equal(JSON.parse(v1.stdout).apiVersion, "client.authentication.k8s.io/v1");
  const flag = await runInProcess([...sa, "--api-version", "v1beta1"], { env });
  assert.equal(JSON.parse(flag.stdout).apiVersion, "client.authentication.k8s.io/v1beta1");
  assert.match(
    flag.stderr,
    /^warning: --api-version client\.authentication\.k8s\.io\/v1beta1 differs/,
  );
});

Deno.test("run: -v logs go to stderr and never contain the token", async () => {
  const r = await runInProcess([...sa, "-v", "10"]);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /login serviceaccount with/);
  assert.ok(!r.stderr.includes(jwt), "the token is not logged");
  assert.equal(JSON.parse(r.stdout).status.token, jwt);
});

Deno.test("run: pflag-style switches (--flag=false) and short flags are accepted", async () => {
  const r = await runInProcess([
    "get-token",
    "-l",
    "serviceaccount",
    "--token-file",
    tokenFile,
    "--logtostderr=false",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const slow = await runInProcess(["get-token", "-lserviceaccount", "--token-file", tokenFile]);
  assert.equal(slow.code, 0, slow.stderr);
  assert.equal(slow.stdout, r.stdout);
});
