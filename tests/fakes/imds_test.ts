import assert from "node:assert/strict";
import { IMDS_TOKEN_PATH, startFakeImds } from "./imds.ts";
import { userAssignedIdentity } from "./managed_identity_model.ts";

const RESOURCE = "6dae42f8-4368-4678-94ff-3960e28e3630";

function tokenRequest(
  base: string,
  params: Record<string, string>,
  headers = { Metadata: "true" },
) {
  const query = new URLSearchParams({ "api-version": "2018-02-01", resource: RESOURCE, ...params });
  return fetch(`${base}${IMDS_TOKEN_PATH}?${query}`, { headers });
}

Deno.test("IMDS issues a system-assigned token in IMDS's shape, numbers as strings", async () => {
  const imds = await startFakeImds({ lifetimeSeconds: 3600 });
  try {
    const before = Math.floor(Date.now() / 1000);
    const response = await tokenRequest(imds.url, {});
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.deepEqual(Object.keys(body), [
      "access_token",
      "client_id",
      "expires_in",
      "expires_on",
      "ext_expires_in",
      "not_before",
      "resource",
      "token_type",
    ]);
    assert.equal(body.expires_in, "3600");
    assert.match(body.expires_on, /^\d+$/);
    assert.ok(Number(body.expires_on) >= before + 3600 && Number(body.expires_on) <= before + 3602);
    assert.equal(body.resource, RESOURCE);
    assert.equal(body.token_type, "Bearer");
    assert.equal(body.client_id, imds.systemAssigned?.clientId);
    const claims = await imds.signer.verify(body.access_token);
    assert.equal(claims.aud, RESOURCE);
    assert.equal(claims.oid, imds.systemAssigned?.objectId);
    assert.equal(claims.tid, imds.tenantId);
    assert.equal(claims.exp, Number(body.expires_on));
    assert.equal(imds.issued.length, 1);
    assert.equal(imds.requests[0]?.headers["metadata"], "true");
  } finally {
    await imds.close();
  }
});

Deno.test("IMDS refuses a request without 'Metadata: true' as IMDS does", async () => {
  const imds = await startFakeImds();
  try {
    const response = await tokenRequest(imds.url, {}, { Metadata: "false" });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      error: "invalid_request",
      error_description: "Required metadata header not specified",
    });
    assert.equal(imds.issued.length, 0);
    assert.equal(imds.requests.length, 1);
  } finally {
    await imds.close();
  }
});

Deno.test("IMDS picks user-assigned identities by client_id, object_id, msi_res_id, mi_res_id", async () => {
  const a = userAssignedIdentity("a");
  const b = userAssignedIdentity("b");
  const imds = await startFakeImds({ userAssigned: [a, b] });
  try {
    for (
      const [param, value] of [
        ["client_id", b.clientId],
        ["object_id", b.objectId],
        ["msi_res_id", b.resourceId],
        ["mi_res_id", b.resourceId.toUpperCase()],
      ]
    ) {
      const response = await tokenRequest(imds.url, { [param!]: value! });
      assert.equal(response.status, 200, `selected by ${param}`);
      const body = await response.json();
      assert.equal(body.client_id, b.clientId);
      assert.equal((await imds.signer.verify(body.access_token)).oid, b.objectId);
    }
    const unknown = await tokenRequest(imds.url, { client_id: crypto.randomUUID() });
    assert.equal(unknown.status, 400);
    assert.deepEqual(await unknown.json(), {
      error: "invalid_request",
      error_description: "Identity not found",
    });
  } finally {
    await imds.close();
  }
});

Deno.test("IMDS without a system identity: the only user-assigned one, else an ambiguity error", async () => {
  const only = userAssignedIdentity("only");
  const single = await startFakeImds({ systemAssigned: null, userAssigned: [only] });
  const several = await startFakeImds({
    systemAssigned: null,
    userAssigned: [only, userAssignedIdentity("second")],
  });
  const none = await startFakeImds({ systemAssigned: null });
  try {
    assert.equal((await (await tokenRequest(single.url, {})).json()).client_id, only.clientId);
    const ambiguous = await tokenRequest(several.url, {});
    assert.equal(ambiguous.status, 400);
    assert.match(
      (await ambiguous.json()).error_description,
      /^Multiple user assigned identities exist/,
    );
    const missing = await tokenRequest(none.url, {});
    assert.equal((await missing.json()).error_description, "Identity not found");
  } finally {
    await Promise.all([single.close(), several.close(), none.close()]);
  }
});

Deno.test("IMDS injected faults: status and body for N requests, then normal service", async () => {
  const imds = await startFakeImds();
  try {
    imds.inject({ status: 429, body: { error: "too_many_requests" }, times: 2 });
    assert.equal((await (await tokenRequest(imds.url, {})).json()).error, "too_many_requests");
    assert.equal((await tokenRequest(imds.url, {})).status, 429);
    assert.equal((await tokenRequest(imds.url, {})).status, 200);
    assert.equal(imds.requests.length, 3);
    assert.equal(imds.issued.length, 1);
  } finally {
    await imds.close();
  }
});

Deno.test("IMDS injected delay stalls the answer until the client gives up or the fake closes", async () => {
  const imds = await startFakeImds();
  imds.inject({ status: 500, delayMs: 60_000 });
  await assert.rejects(
    fetch(`${imds.tokenUrl}?api-version=2018-02-01&resource=x`, {
      headers: { Metadata: "true" },
      signal: AbortSignal.timeout(100),
    }),
    (err: Error) => err.name === "TimeoutError",
  );
  await imds.close();
  assert.equal(imds.issued.length, 0);
});
