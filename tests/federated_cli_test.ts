/**
 * workloadidentity and azurepipelines through the real CLI: federated assertions from a token
 * file, from GitHub Actions OIDC, and from Azure Pipelines OIDC, exchanged at the fake Entra ID.
 */

import assert from "node:assert/strict";
import { runCli } from "./cli_harness.ts";
import { SERVER_ID, setUpEntra } from "./entra_setup.ts";
import { startFakeAzureDevOpsOidc } from "./fakes/azure_devops_oidc.ts";
import { queryParam } from "./fakes/fake_http.ts";
import { GITHUB_OIDC_ISSUER, startFakeGitHubOidc } from "./fakes/github_actions_oidc.ts";
import { createTokenSigner, nowSeconds } from "./fakes/identity_tokens.ts";
import { createTestCa } from "./fakes/tls.ts";

const AKS_ISSUER = "https://oidc.prod-aks.azure.com/3f1c0b3e-2b9a-4d2e-9a57-0a5a3e6c7d11/";
const SA_SUBJECT = "system:serviceaccount:ci:deployer";
const kubeSigner = await createTokenSigner();
const oidcCa = await createTestCa();
const github = await startFakeGitHubOidc(oidcCa);
const pipelines = await startFakeAzureDevOpsOidc(oidcCa);
const workloadApp = crypto.randomUUID();
const { entra, env, dir, cacheDir } = await setUpEntra({
  clients: [
    {
      clientId: workloadApp,
      federated: [
        { issuer: AKS_ISSUER, subject: SA_SUBJECT, verify: kubeSigner.verify },
        { issuer: GITHUB_OIDC_ISSUER, subject: github.subject, verify: github.signer.verify },
      ],
    },
    {
      clientId: pipelines.clientId,
      federated: [{
        issuer: pipelines.issuer,
        subject: pipelines.subject,
        verify: pipelines.signer.verify,
      }],
    },
  ],
  tenants: [pipelines.tenantId],
});
globalThis.addEventListener("unload", () => {
  github.close();
  pipelines.close();
});
// Both CAs must be trusted: DENO_CERT takes one file, so concatenate them.
const caFile = `${dir}/both-cas.pem`;
await Deno.writeTextFile(caFile, (await Deno.readTextFile(env.DENO_CERT!)) + oidcCa.certPem);
const trust = { DENO_CERT: caFile };

/** A projected service-account token as the workload identity webhook mounts it. */
async function federatedTokenFile(subject = SA_SUBJECT): Promise<string> {
  const path = await Deno.makeTempFile({ dir, suffix: ".token" });
  const iat = nowSeconds();
  await Deno.writeTextFile(
    path,
    await kubeSigner.sign({
      iss: AKS_ISSUER,
      sub: subject,
      aud: ["api://AzureADTokenExchange"],
      iat,
      nbf: iat,
      exp: iat + 3600,
    }),
  );
  return path;
}

const webhookEnv = (tokenFile: string) => ({
  ...trust,
  AZURE_CLIENT_ID: workloadApp,
  AZURE_TENANT_ID: pipelines.tenantId,
  AZURE_FEDERATED_TOKEN_FILE: tokenFile,
  AZURE_AUTHORITY_HOST: entra.url,
});
const workload = (
  cache: string,
) => ["get-token", "--login", "workloadidentity", "--server-id", SERVER_ID, "--cache-dir", cache];

Deno.test("workloadidentity: the webhook's environment and a projected token file are enough", async () => {
  const cache = cacheDir();
  const before = entra.countRequests({ clientId: workloadApp });
  const r = await runCli(workload(cache), { env: webhookEnv(await federatedTokenFile()) });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await entra.verifyToken(JSON.parse(r.stdout).status.token)).aud, SERVER_ID);
  assert.deepEqual(entra.requests.at(-1)!.federated, { issuer: AKS_ISSUER, subject: SA_SUBJECT });
  const again = await runCli(workload(cache), { env: webhookEnv(await federatedTokenFile()) });
  assert.equal(again.stdout, r.stdout, "served from the cache");
  assert.equal(entra.countRequests({ clientId: workloadApp }) - before, 1);
});

Deno.test("workloadidentity: the token file is read when a token is requested, not remembered", async () => {
  const file = await federatedTokenFile();
  assert.equal((await runCli(workload(cacheDir()), { env: webhookEnv(file) })).code, 0);
  // The kubelet rotates the file; here the new token is for a subject Entra ID does not trust.
  await Deno.rename(await federatedTokenFile("system:serviceaccount:ci:other"), file);
  const r = await runCli(workload(cacheDir()), { env: webhookEnv(file) });
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /AADSTS700213: No matching federated identity record found for presented assertion subject 'system:serviceaccount:ci:other'/,
  );
});

Deno.test("workloadidentity: flags work without the webhook's environment", async () => {
  const r = await runCli(
    [
      ...workload(cacheDir()),
      "--client-id",
      workloadApp,
      "--tenant-id",
      pipelines.tenantId,
      "--federated-token-file",
      await federatedTokenFile(),
      "--authority-host",
      entra.url,
    ],
    { env: trust },
  );
  assert.equal(r.code, 0, r.stderr);
});

Deno.test("workloadidentity: GitHub Actions OIDC is used when its two variables are set", async () => {
  const before = github.requests.length;
  const r = await runCli(workload(cacheDir()), {
    env: {
      ...trust,
      ...github.env,
      AZURE_CLIENT_ID: workloadApp,
      AZURE_TENANT_ID: pipelines.tenantId,
      AZURE_AUTHORITY_HOST: entra.url,
    },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(github.requests.length - before, 1);
  const request = github.requests.at(-1)!;
  assert.equal(queryParam(request, "audience"), "api://AzureADTokenExchange");
  assert.equal(request.headers.authorization, `bearer ${github.requestToken}`);
  assert.equal(request.headers.accept, "application/json; api-version=2.0");
  assert.deepEqual(entra.requests.at(-1)!.federated, {
    issuer: GITHUB_OIDC_ISSUER,
    subject: github.subject,
  });
  assert.ok(!r.stderr.includes(github.requestToken));
});

Deno.test("workloadidentity: missing or unreadable token files are clear errors", async () => {
  const noFile = await runCli(workload(cacheDir()), {
    env: {
      ...trust,
      AZURE_CLIENT_ID: workloadApp,
      AZURE_TENANT_ID: pipelines.tenantId,
      AZURE_AUTHORITY_HOST: entra.url,
    },
  });
  assert.equal(noFile.stderr, "error: federated token file cannot be empty\n");
  const missing = await runCli(workload(cacheDir()), { env: webhookEnv(`${dir}/no-such-token`) });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^error: cannot read federated token file ".*no-such-token"/);
});

const pipelinesArgs = (cache: string) => [
  "get-token",
  "--login",
  "azurepipelines",
  "--server-id",
  SERVER_ID,
  "--authority-host",
  entra.url,
  "--cache-dir",
  cache,
];

Deno.test("azurepipelines: the AzureCLI@2 task's variables and the pipeline's OIDC token", async () => {
  const before = pipelines.requests.length;
  const r = await runCli(pipelinesArgs(cacheDir()), { env: { ...trust, ...pipelines.env } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(pipelines.requests.length - before, 1);
  const request = pipelines.requests.at(-1)!;
  assert.equal(request.method, "POST");
  assert.equal(queryParam(request, "api-version"), "7.1");
  assert.equal(queryParam(request, "serviceConnectionId"), pipelines.serviceConnectionId);
  assert.equal(request.headers.authorization, `Bearer ${pipelines.accessToken}`);
  assert.deepEqual(entra.requests.at(-1)!.federated, {
    issuer: pipelines.issuer,
    subject: pipelines.subject,
  });
  assert.ok(!r.stderr.includes(pipelines.accessToken));
});

Deno.test("azurepipelines: flags win over the AZURESUBSCRIPTION_* variables, which only fill gaps", async () => {
  const r = await runCli(
    [...pipelinesArgs(cacheDir()), "--azure-pipelines-service-connection-id", "not-a-connection"],
    { env: { ...trust, ...pipelines.env } },
  );
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Azure Pipelines refused the OIDC token request/);
});

Deno.test("azurepipelines: SYSTEM_ACCESSTOKEN must be mapped into the step", async () => {
  const { SYSTEM_ACCESSTOKEN: _, ...withoutToken } = pipelines.env;
  const r = await runCli(pipelinesArgs(cacheDir()), { env: { ...trust, ...withoutToken } });
  assert.equal(r.stderr, "error: SYSTEM_ACCESSTOKEN environment variable not set\n");
});
