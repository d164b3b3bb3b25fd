/**
 * Plain-HTTP access to a fake Entra ID from the test process (an HTTP client that trusts the
 * test CA), for protocol-level tests and for product tests that speak v1 without msal.
 *
 * @module
 */

import { type ClientCertificate, createClientCertificate } from "./entra_id_cert.ts";
import { type FakeEntraId, type FakeEntraIdOptions, startFakeEntraId } from "./entra_id.ts";
import { createTestCa, type TestCa } from "./tls.ts";

/** A JSON answer. */
export interface JsonAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** A started fake plus a client for it. */
export interface EntraHttp extends AsyncDisposable {
  readonly ca: TestCa;
  readonly entra: FakeEntraId;
  /** A client certificate (not registered unless the options did). */
  readonly cert: ClientCertificate;
  /** An HTTP client that trusts the test CA. */
  readonly client: Deno.HttpClient;
  /** POSTs a form to `path` (relative to the fake's URL, no leading slash). */
  post(
    path: string,
    form: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<JsonAnswer>;
  /** GETs `path` and parses JSON. */
  get(path: string): Promise<JsonAnswer>;
}

/**
 * Starts a fake with `options(cert)` (so a client can register the made certificate).
 * Needs net access to 127.0.0.1.
 */
export async function startEntraHttp(
  options: (cert: ClientCertificate) => FakeEntraIdOptions = () => ({}),
): Promise<EntraHttp> {
  const ca = await createTestCa();
  const cert = await createClientCertificate(ca);
  const entra = await startFakeEntraId(ca, options(cert));
  const client = Deno.createHttpClient({ caCerts: [ca.certPem] });
  const json = async (res: Response): Promise<JsonAnswer> => {
    const text = await res.text();
    return { status: res.status, body: text === "" ? {} : JSON.parse(text) };
  };
  return {
    ca,
    entra,
    cert,
    client,
    post: async (path, form, headers = {}) =>
      await json(
        await fetch(`${entra.url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
          body: new URLSearchParams(form),
          client,
        }),
      ),
    get: async (path) => await json(await fetch(`${entra.url}${path}`, { client })),
    async [Symbol.asyncDispose]() {
      client.close();
      await entra.close();
    },
  };
}
