/**
 * Shared setup of the msal-node interop tests: a test CA (written to a temp file for
 * `DENO_CERT`), a client certificate, a fake Entra ID with one confidential app per
 * credential kind, a public app and a user, and a runner that starts the fixture with exactly
 * the permissions `msalFlowPermissions` declares for the flow.
 *
 * @module
 */

import { createClientCertificate } from "./entra_id_cert.ts";
import type { ClientCertificate } from "./entra_id_cert.ts";
import { type FakeEntraId, type FakeEntraIdOptions, startFakeEntraId } from "./entra_id.ts";
import { type FixtureRun, runMsalFixture, type Scenario } from "./msal_fixture.ts";
import { type MsalFlowName, msalFlowPermissions } from "./msal_permissions.ts";
import { createTestCa } from "./tls.ts";

export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
/** AKS's server application: what `--server-id` usually names. */
export const AKS_SERVER = "6dae42f8-4368-4678-94ff-3960e28e3630";
export const SCOPES = [`${AKS_SERVER}/.default`];
export const SECRET_APP = {
  clientId: "11111111-1111-1111-1111-111111111111",
  secret: "s3cr3t~v@lue",
};
export const CERT_APP_ID = "22222222-2222-2222-2222-222222222222";
/** AKS's first-party public client. */
export const PUBLIC_APP_ID = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";
export const USER = { username: "alice@contoso.example", password: "correct horse battery" };

export interface Interop extends AsyncDisposable {
  readonly entra: FakeEntraId;
  readonly cert: ClientCertificate;
  /** A scenario for `flow` with the authority, known authorities and the app for it. */
  scenario(flow: MsalFlowName, extra?: Partial<Scenario>): Scenario;
  /** Runs the fixture with exactly msal's permissions for `flow` (plus `extraNet`). */
  run(
    scenario: Scenario,
    options?: {
      extraNet?: readonly string[];
      inWorker?: boolean;
      env?: Readonly<Record<string, string>>;
    },
  ): Promise<FixtureRun>;
}

/** Starts everything. Needs net (127.0.0.1), write (temp dir) and run (deno). */
export async function startInterop(options: FakeEntraIdOptions = {}): Promise<Interop> {
  const ca = await createTestCa();
  const cert = await createClientCertificate(ca);
  const dir = await Deno.makeTempDir({ prefix: "entra-interop-" });
  const caFile = `${dir}/ca.pem`;
  await Deno.writeTextFile(caFile, ca.certPem);
  const entra = await startFakeEntraId(ca, {
    tenants: [TENANT],
    clients: [
      SECRET_APP,
      { clientId: CERT_APP_ID, certificatePem: cert.pem },
      { clientId: PUBLIC_APP_ID },
    ],
    users: [USER],
    deviceCode: { intervalSeconds: 0.2 },
    ...options,
  });
  const credentials = (flow: MsalFlowName): Partial<Scenario> => {
    switch (flow) {
      case "client_secret":
        return { clientId: SECRET_APP.clientId, clientSecret: SECRET_APP.secret };
      case "client_certificate":
        return {
          clientId: CERT_APP_ID,
          certificate: {
            thumbprintSha256: cert.sha256Hex,
            privateKey: cert.keyPem,
            x5c: cert.chainPem,
          },
        };
      case "username_password":
        return { clientId: PUBLIC_APP_ID, ...USER };
      default:
        return { clientId: PUBLIC_APP_ID };
    }
  };
  return {
    entra,
    cert,
    scenario: (flow, extra = {}) => ({
      flow,
      authority: entra.authority(TENANT),
      knownAuthorities: [entra.host],
      clientId: "",
      scopes: SCOPES,
      ...credentials(flow),
      ...extra,
    }),
    run: (scenario, runOptions = {}) =>
      runMsalFixture(scenario, {
        caFile,
        permissions: msalFlowPermissions(scenario.flow, entra.host),
        ...runOptions,
      }),
    async [Symbol.asyncDispose]() {
      await entra.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}
