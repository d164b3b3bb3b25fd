import assert from "node:assert/strict";
import { startFakeAzureDevOpsOidc, TOKEN_EXCHANGE_AUDIENCE } from "./azure_devops_oidc.ts";
import { GITHUB_OIDC_ISSUER, startFakeGitHubOidc } from "./github_actions_oidc.ts";
import { createTestCa, type TestCa } from "./tls.ts";

let caPromise: Promise<TestCa> | undefined;
const testCa = () => caPromise ??= createTestCa();

async function trusted(): Promise<{ client: Deno.HttpClient; ca: TestCa }> {
  const ca = await testCa();
  return { ca, client: Deno.createHttpClient({ caCerts: [ca.certPem] }) };
}

Deno.test("GitHub OIDC: GET $URL&audience=… with 'bearer' gives {count, value} with that audience", async () => {
  const { ca, client } = await trusted();
  const gh = await startFakeGitHubOidc(ca);
  try {
    assert.match(gh.requestUrl, /^https:\/\/127\.0\.0\.1:\d+\/.+\/idtoken\?api-version=2\.0$/);
    const response = await fetch(
      `${gh.requestUrl}&audience=${encodeURIComponent(TOKEN_EXCHANGE_AUDIENCE)}`,
      {
        client,
        headers: {
          Authorization: `bearer ${gh.requestToken}`,
          Accept: "application/json; api-version=2.0",
        },
      },
    );
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.deepEqual(Object.keys(body), ["count", "value"]);
    const claims = await gh.signer.verify(body.value);
    assert.equal(claims.aud, TOKEN_EXCHANGE_AUDIENCE);
    assert.equal(claims.iss, GITHUB_OIDC_ISSUER);
    assert.equal(claims.sub, "repo:octo-org/octo-repo:ref:refs/heads/main");
    const [request] = gh.requests;
    assert.equal(request?.headers["authorization"], `bearer ${gh.requestToken}`);
    assert.equal(request?.headers["accept"], "application/json; api-version=2.0");
    assert.deepEqual(request?.query, [["api-version", "2.0"], [
      "audience",
      TOKEN_EXCHANGE_AUDIENCE,
    ]]);
  } finally {
    await gh.close();
    client.close();
  }
});

Deno.test("GitHub OIDC: no audience means the owner's URL; a wrong token is refused", async () => {
  const { ca, client } = await trusted();
  const gh = await startFakeGitHubOidc(ca, { repository: "contoso/infra" });
  try {
    const plain = await fetch(gh.requestUrl, {
      client,
      headers: { Authorization: `Bearer ${gh.requestToken}` },
    });
    assert.equal(
      (await gh.signer.verify((await plain.json()).value)).aud,
      "https://github.com/contoso",
    );
    const wrong = await fetch(gh.requestUrl, { client, headers: { Authorization: "bearer nope" } });
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();
    assert.equal(gh.issued.length, 1);
  } finally {
    await gh.close();
    client.close();
  }
});

Deno.test("GitHub OIDC is HTTPS signed by the test CA: an untrusting client fails", async () => {
  const { ca } = await trusted();
  const gh = await startFakeGitHubOidc(ca);
  try {
    await assert.rejects(
      fetch(gh.requestUrl, { headers: { Authorization: `bearer ${gh.requestToken}` } }),
    );
    assert.equal(gh.requests.length, 0);
  } finally {
    await gh.close();
  }
});

Deno.test("Azure DevOps OIDC: POST ?api-version=7.1&serviceConnectionId= with Bearer gives {oidcToken}", async () => {
  const { ca, client } = await trusted();
  const ado = await startFakeAzureDevOpsOidc(ca);
  try {
    assert.equal(ado.env["SYSTEM_OIDCREQUESTURI"], ado.requestUri);
    assert.equal(ado.env["AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"], ado.serviceConnectionId);
    const url = `${ado.requestUri}?api-version=7.1&serviceConnectionId=${ado.serviceConnectionId}`;
    const response = await fetch(url, {
      client,
      method: "POST",
      headers: {
        Authorization: `Bearer ${ado.accessToken}`,
        "Content-Type": "application/json",
        "X-TFS-FedAuthRedirect": "Suppress",
      },
    });
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.deepEqual(Object.keys(body), ["oidcToken"]);
    const claims = await ado.signer.verify(body.oidcToken);
    assert.equal(claims.aud, TOKEN_EXCHANGE_AUDIENCE);
    assert.match(String(claims.sub), /^sc:\/\/contoso\/kubelogin\//);
    assert.equal(ado.requests[0]?.headers["x-tfs-fedauthredirect"], "Suppress");
    assert.equal(ado.requests[0]?.body, "");
    assert.deepEqual(ado.issued.map((i) => i.serviceConnectionId), [ado.serviceConnectionId]);
  } finally {
    await ado.close();
    client.close();
  }
});

Deno.test("Azure DevOps OIDC errors: unknown connection, bad access token, no api-version, GET", async () => {
  const { ca, client } = await trusted();
  const ado = await startFakeAzureDevOpsOidc(ca);
  const post = async (query: string, token = ado.accessToken, method = "POST") => {
    const r = await fetch(`${ado.requestUri}${query}`, {
      client,
      method,
      headers: { Authorization: `Bearer ${token}` },
    });
    return { status: r.status, text: await r.text() };
  };
  try {
    assert.deepEqual(await post("?api-version=7.1&serviceConnectionId=abc"), {
      status: 400,
      text: "No service connection found with identifier abc",
    });
    const sc = `serviceConnectionId=${ado.serviceConnectionId}`;
    assert.deepEqual(await post(`?api-version=7.1&${sc}`, "wrong"), { status: 401, text: "" });
    const noVersion = await post(`?${sc}`);
    assert.equal(noVersion.status, 400);
    assert.match(noVersion.text, /No api-version was supplied for the \\"POST\\" request/);
    assert.equal((await post(`?api-version=7.1&${sc}`, ado.accessToken, "GET")).status, 405);
    assert.equal(ado.issued.length, 0);
    assert.equal(ado.requests.length, 4);
  } finally {
    await ado.close();
    client.close();
  }
});
