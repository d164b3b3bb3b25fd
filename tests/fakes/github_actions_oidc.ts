/**
 * A fake GitHub Actions OIDC token endpoint over HTTPS (test CA). A job gets
 * `ACTIONS_ID_TOKEN_REQUEST_URL` (already carrying `?api-version=2.0`) and
 * `ACTIONS_ID_TOKEN_REQUEST_TOKEN`; clients call `GET $URL&audience=<aud>` with
 * `Authorization: bearer <token>` and get `{"count":…,"value":"<jwt>"}`. Without `audience` the
 * token's `aud` is the repository owner's URL, as on GitHub.
 *
 * @module
 */

import {
  type Fault,
  FaultQueue,
  faultResponse,
  json,
  listen,
  type RecordedRequest,
  recordRequest,
} from "./fake_http.ts";
import { createTokenSigner, guid, nowSeconds, type TokenSigner } from "./identity_tokens.ts";
import type { TestCa } from "./tls.ts";

export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";

export interface FakeGitHubOidcOptions {
  /** `owner/name`. Default `octo-org/octo-repo`. */
  readonly repository?: string;
  /** Lifetime of an ID token. Default 300 s (GitHub's). */
  readonly lifetimeSeconds?: number;
  readonly signer?: TokenSigner;
}

/** An ID token the fake issued. */
export interface IssuedIdToken {
  readonly audience: string;
  readonly token: string;
}

export interface FakeGitHubOidc {
  /** The value for `ACTIONS_ID_TOKEN_REQUEST_URL`; it already has a query string. */
  readonly requestUrl: string;
  /** The value for `ACTIONS_ID_TOKEN_REQUEST_TOKEN` (a secret). */
  readonly requestToken: string;
  /** Both variables, to put in a client's environment. */
  readonly env: Readonly<Record<string, string>>;
  /** `sub` of the ID tokens (their `iss` is {@linkcode GITHUB_OIDC_ISSUER}). */
  readonly subject: string;
  readonly host: string;
  readonly signer: TokenSigner;
  readonly requests: readonly RecordedRequest[];
  readonly issued: readonly IssuedIdToken[];
  inject(fault: Fault): void;
  close(): Promise<void>;
}

/** Starts the fake on a free loopback port. Needs net access to 127.0.0.1. */
export async function startFakeGitHubOidc(
  ca: TestCa,
  options: FakeGitHubOidcOptions = {},
): Promise<FakeGitHubOidc> {
  const signer = options.signer ?? await createTokenSigner();
  const repository = options.repository ?? "octo-org/octo-repo";
  const owner = repository.split("/")[0] ?? repository;
  const lifetime = options.lifetimeSeconds ?? 300;
  const requestToken = `ghs_runtime_${guid().replaceAll("-", "")}`;
  const path =
    `/${guid()}/00000000-0000-0000-0000-000000000000/_apis/distributedtask/hubs/Actions/plans/${guid()}/jobs/${guid()}/idtoken`;
  const requests: RecordedRequest[] = [];
  const issued: IssuedIdToken[] = [];
  const faults = new FaultQueue();

  const subject = `repo:${repository}:ref:refs/heads/main`;
  const handle = async (request: Request, closing: AbortSignal): Promise<Response> => {
    requests.push(await recordRequest(request));
    const url = new URL(request.url);
    if (url.pathname !== path) return json(404, { message: "Not Found" });
    const fault = faults.take();
    if (fault) return faultResponse(fault, closing);
    if (request.method !== "GET") return json(405, { message: "Method Not Allowed" });
    const [scheme, credential] = (request.headers.get("authorization") ?? "").split(" ");
    if (scheme?.toLowerCase() !== "bearer" || credential !== requestToken) {
      return json(401, { message: "Unauthorized" });
    }
    const audience = url.searchParams.get("audience") ?? `https://github.com/${owner}`;
    const iat = nowSeconds();
    const token = await signer.sign({
      jti: guid(),
      sub: subject,
      aud: audience,
      ref: "refs/heads/main",
      sha: "0000000000000000000000000000000000000000",
      repository,
      repository_owner: owner,
      run_id: "1",
      run_number: "1",
      run_attempt: "1",
      actor: "octocat",
      workflow: "CI",
      event_name: "push",
      ref_type: "branch",
      job_workflow_ref: `${repository}/.github/workflows/ci.yml@refs/heads/main`,
      iss: GITHUB_OIDC_ISSUER,
      nbf: iat - 600,
      iat,
      exp: iat + lifetime,
    });
    issued.push({ audience, token });
    return json(200, { count: token.length, value: token });
  };

  const server = listen(handle, await ca.issue());
  const requestUrl = `https://${server.host}${path}?api-version=2.0`;
  return {
    requestUrl,
    requestToken,
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken },
    subject,
    host: server.host,
    signer,
    requests,
    issued,
    inject: (fault) => faults.push(fault),
    close: server.close,
  };
}
