import assert from "node:assert/strict";
import { startFakeAppServiceIdentity } from "./app_service_identity.ts";
import { userAssignedIdentity } from "./managed_identity_model.ts";

const RESOURCE = "6dae42f8-4368-4678-94ff-3960e28e3630";

function tokenRequest(
  endpoint: string,
  header: string | undefined,
  params: Record<string, string> = {},
) {
  const query = new URLSearchParams({ "api-version": "2019-08-01", resource: RESOURCE, ...params });
  return fetch(`${endpoint}?${query}`, { headers: header ? { "X-IDENTITY-HEADER": header } : {} });
}

Deno.test("App Service answers with its 2019-08-01 shape: expires_on as an epoch string", async () => {
  const app = await startFakeAppServiceIdentity({ lifetimeSeconds: 7200 });
  try {
    assert.deepEqual(Object.keys(app.env).sort(), ["IDENTITY_ENDPOINT", "IDENTITY_HEADER"]);
    const before = Math.floor(Date.now() / 1000);
    const response = await tokenRequest(app.endpoint, app.header);
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.deepEqual(Object.keys(body), [
      "access_token",
      "expires_on",
      "resource",
      "token_type",
      "client_id",
    ]);
    assert.match(body.expires_on, /^\d+$/);
    assert.ok(Number(body.expires_on) >= before + 7200 && Number(body.expires_on) <= before + 7202);
    assert.equal(body.client_id, app.systemAssigned?.clientId);
    const claims = await app.signer.verify(body.access_token);
    assert.equal(claims.aud, RESOURCE);
    assert.equal(claims.oid, app.systemAssigned?.objectId);
    assert.equal(app.requests[0]?.headers["x-identity-header"], app.header);
  } finally {
    await app.close();
  }
});

Deno.test("App Service refuses a request without the right X-IDENTITY-HEADER", async () => {
  const app = await startFakeAppServiceIdentity();
  try {
    for (const header of [undefined, "not-the-secret"]) {
      const response = await tokenRequest(app.endpoint, header);
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), {
        error: { code: "bad_request_102", message: "Required metadata header not specified" },
      });
    }
    assert.equal(app.issued.length, 0);
  } finally {
    await app.close();
  }
});

Deno.test("App Service picks user-assigned identities by client_id, mi_res_id, object_id", async () => {
  const ua = userAssignedIdentity("web");
  const app = await startFakeAppServiceIdentity({ systemAssigned: null, userAssigned: [ua] });
  try {
    for (
      const [param, value] of [["client_id", ua.clientId], ["mi_res_id", ua.resourceId], [
        "object_id",
        ua.objectId,
      ]]
    ) {
      const body = await (await tokenRequest(app.endpoint, app.header, { [param!]: value! }))
        .json();
      assert.equal(body.client_id, ua.clientId, `selected by ${param}`);
    }
    const unknown = await tokenRequest(app.endpoint, app.header, {
      client_id: crypto.randomUUID(),
    });
    assert.equal(unknown.status, 400);
    const error = await unknown.json();
    assert.equal(error.statusCode, 400);
    assert.equal(error.message, "Unable to load the proper Managed Identity.");
    assert.match(error.correlationId, /^[0-9a-f-]{36}$/);
  } finally {
    await app.close();
  }
});
