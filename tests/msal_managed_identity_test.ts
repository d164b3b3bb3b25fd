/**
 * How msal-node 7's `ManagedIdentityApplication` behaves under Deno against the fake IMDS and
 * App Service endpoints, and exactly which permissions it touches (recorded with Deno's
 * `DENO_AUDIT_PERMISSIONS`). The `msi` mode's permission declaration rests on these tests.
 */

import assert from "node:assert/strict";
import { denoDir, REPO_DIR } from "./cli_harness.ts";
import { startFakeImds } from "./fakes/imds.ts";
import { startFakeAppServiceIdentity } from "./fakes/app_service_identity.ts";
import { userAssignedIdentity } from "./fakes/managed_identity_model.ts";
import { queryParam } from "./fakes/fake_http.ts";

const FIXTURE = `${REPO_DIR}/tests/fixtures/msal_managed_identity.ts`;
const SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** Every variable msal-node reads on import and when choosing a managed-identity source. */
const MSAL_MI_ENV = [
  "ProgramData",
  "ProgramFiles",
  "IDENTITY_ENDPOINT",
  "IDENTITY_HEADER",
  "IDENTITY_SERVER_THUMBPRINT",
  "MSI_ENDPOINT",
  "MSI_SECRET",
  "IMDS_ENDPOINT",
  "AZURE_POD_IDENTITY_AUTHORITY_HOST",
];
/** What a run that ends up on App Service reads: it is chosen before the other sources. */
const APP_SERVICE_ENV = MSAL_MI_ENV.slice(0, 5);
const ARC_PROBE = "/opt/azcmagent/bin/himds";

interface Outcome {
  readonly result: {
    ok: boolean;
    source?: string;
    errorCode?: string;
    message?: string;
    results?: { accessToken: string; expiresOn: number; fromCache: boolean }[];
  };
  /** `permission value` lines Deno audited, host-only for net. */
  readonly audit: Set<string>;
}

async function runFixture(
  input: Record<string, unknown>,
  env: Record<string, string>,
  flags: string[],
): Promise<Outcome> {
  const dir = await Deno.makeTempDir();
  try {
    const auditFile = `${dir}/audit.jsonl`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-prompt",
        "--config",
        `${REPO_DIR}/deno.json`,
        ...flags,
        FIXTURE,
        JSON.stringify(input),
      ],
      clearEnv: true,
      env: { DENO_DIR: await denoDir(), NO_COLOR: "1", DENO_AUDIT_PERMISSIONS: auditFile, ...env },
      stdin: "null",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const audit = new Set<string>();
    for (const line of (await Deno.readTextFile(auditFile)).trim().split("\n")) {
      const { permission, value } = JSON.parse(line);
      audit.add(
        `${permission} ${value === null ? "*" : permission === "net" ? hostOf(value) : value}`,
      );
    }
    return { result: JSON.parse(stdout), audit };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const hostOf = (v: string) => new URL(v.includes("//") ? v : `x://${v}`).host;

const minimalFlags = (
  host: string,
) => [`--allow-net=${host}`, `--allow-env=${MSAL_MI_ENV.join(",")}`];

/** Asserts that the run touched exactly these variables, this host, and (maybe) the Arc probe. */
function assertAudit(audit: Set<string>, host: string, env: readonly string[], arcProbe: boolean) {
  const expected = [
    ...env.map((n) => `env ${n}`),
    `net ${host}`,
    ...(arcProbe ? [`read ${ARC_PROBE}`] : []),
  ];
  assert.deepEqual([...audit].sort(), expected.sort());
}

Deno.test("msal IMDS source honours AZURE_POD_IDENTITY_AUTHORITY_HOST (system-assigned), minimal permissions", async () => {
  const imds = await startFakeImds();
  try {
    const { result, audit } = await runFixture(
      { resource: SERVER_ID },
      { AZURE_POD_IDENTITY_AUTHORITY_HOST: imds.url },
      minimalFlags(imds.host),
    );
    assert.equal(result.ok, true, result.message ?? "");
    assert.equal(result.source, "DefaultToImds");
    assert.equal(result.results?.[0]?.accessToken, imds.issued[0]?.accessToken);
    assert.equal(imds.issued[0]?.identity, imds.systemAssigned);
    const [request] = imds.requests;
    assert.ok(request);
    assert.equal(request.path, "/metadata/identity/oauth2/token/", "msal appends a slash");
    assert.deepEqual(request.query, [["api-version", "2018-02-01"], ["resource", SERVER_ID]]);
    assert.equal(request.headers["metadata"], "true");
    assertAudit(audit, imds.host, MSAL_MI_ENV, true);
    assert.ok(
      audit.has(`read ${ARC_PROBE}`),
      "the Azure Arc probe is attempted, and survives denial",
    );
  } finally {
    await imds.close();
  }
});

Deno.test("msal IMDS user-assigned by client id, resource id and object id use client_id, msi_res_id, object_id", async () => {
  const ua = userAssignedIdentity("uami-kubelogin");
  const imds = await startFakeImds({
    systemAssigned: null,
    userAssigned: [ua, userAssignedIdentity("other")],
  });
  try {
    const cases = [
      [{ clientId: ua.clientId }, "client_id", ua.clientId],
      [{ resourceId: ua.resourceId }, "msi_res_id", ua.resourceId],
      [{ objectId: ua.objectId }, "object_id", ua.objectId],
    ] as const;
    for (const [selector, param, value] of cases) {
      const before = imds.requests.length;
      const { result, audit } = await runFixture(
        { resource: SERVER_ID, calls: 2, ...selector },
        { AZURE_POD_IDENTITY_AUTHORITY_HOST: imds.url },
        minimalFlags(imds.host),
      );
      assert.equal(result.ok, true, result.message ?? "");
      assert.equal(
        imds.requests.length,
        before + 1,
        "the second call is served from msal's memory cache",
      );
      assert.equal(result.results?.[1]?.fromCache, true);
      const request = imds.requests[before];
      assert.ok(request);
      assert.equal(queryParam(request, param), value);
      assert.equal(imds.issued.at(-1)?.identity, ua);
      assertAudit(audit, imds.host, MSAL_MI_ENV, true);
    }
  } finally {
    await imds.close();
  }
});

Deno.test("msal IMDS errors: 'Identity not found' surfaces with IMDS's code; a 500 is retried unless disabled", async () => {
  const imds = await startFakeImds();
  try {
    const env = { AZURE_POD_IDENTITY_AUTHORITY_HOST: imds.url };
    const unknown = await runFixture(
      { resource: SERVER_ID, clientId: crypto.randomUUID() },
      env,
      minimalFlags(imds.host),
    );
    assert.equal(unknown.result.ok, false);
    assert.equal(unknown.result.errorCode, "invalid_request");
    assert.match(unknown.result.message ?? "", /Identity not found/);
    assert.equal(imds.requests.length, 1, "a 400 is not retried");

    imds.inject({ status: 500, body: { error: "server_error", error_description: "boom" } });
    const noRetry = await runFixture(
      { resource: SERVER_ID, disableRetries: true },
      env,
      minimalFlags(imds.host),
    );
    assert.equal(noRetry.result.ok, false);
    assert.equal(imds.requests.length, 2);

    imds.inject({ status: 500, body: { error: "server_error", error_description: "boom" } });
    const retried = await runFixture({ resource: SERVER_ID }, env, minimalFlags(imds.host));
    assert.equal(retried.result.ok, true, retried.result.message ?? "");
    assert.equal(
      imds.requests.length,
      4,
      "one failure, one retry (after a backoff of about a second)",
    );
  } finally {
    await imds.close();
  }
});

Deno.test("msal App Service source honours IDENTITY_ENDPOINT/IDENTITY_HEADER, system and user-assigned", async () => {
  const ua = userAssignedIdentity("uami-app");
  const app = await startFakeAppServiceIdentity({ userAssigned: [ua] });
  try {
    const cases = [
      [{}, undefined, undefined],
      [{ clientId: ua.clientId }, "client_id", ua.clientId],
      [{ resourceId: ua.resourceId }, "mi_res_id", ua.resourceId],
    ] as const;
    for (const [selector, param, value] of cases) {
      const { result, audit } = await runFixture({ resource: SERVER_ID, ...selector }, {
        ...app.env,
      }, minimalFlags(app.host));
      assert.equal(result.ok, true, result.message ?? "");
      assert.equal(result.source, "AppService");
      const request = app.requests.at(-1);
      assert.ok(request);
      assert.equal(request.path, "/msi/token");
      assert.equal(request.headers["x-identity-header"], app.header);
      assert.equal(queryParam(request, "api-version"), "2019-08-01");
      if (param) assert.equal(queryParam(request, param), value);
      assert.equal(app.issued.at(-1)?.identity, param ? ua : app.systemAssigned);
      assertAudit(audit, app.host, APP_SERVICE_ENV, false);
      assert.ok(!audit.has(`read ${ARC_PROBE}`), "App Service is chosen before the Arc probe");
    }
  } finally {
    await app.close();
  }
});

Deno.test("msal managed identity works in a Web Worker given exactly the declared permissions", async () => {
  const imds = await startFakeImds();
  try {
    const worker = {
      read: false,
      write: false,
      run: false,
      sys: false,
      ffi: false,
      import: false,
      net: [imds.host],
      env: MSAL_MI_ENV,
    };
    // The host process needs read access to the worker's entry module (under `deno run`).
    const flags = [...minimalFlags(imds.host), `--allow-read=${FIXTURE}`];
    const { result } = await runFixture(
      { resource: SERVER_ID, worker },
      { AZURE_POD_IDENTITY_AUTHORITY_HOST: imds.url },
      flags,
    );
    assert.equal(result.ok, true, result.message ?? "");
    assert.equal(imds.issued.length, 1);

    const short = { ...worker, env: MSAL_MI_ENV.filter((n) => n !== "IMDS_ENDPOINT") };
    const denied = await runFixture(
      { resource: SERVER_ID, worker: short },
      { AZURE_POD_IDENTITY_AUTHORITY_HOST: imds.url },
      flags,
    );
    assert.equal(denied.result.ok, false, "an env read outside the list throws");
    assert.match(denied.result.message ?? "", /IMDS_ENDPOINT/);
    assert.equal(imds.issued.length, 1);
  } finally {
    await imds.close();
  }
});
