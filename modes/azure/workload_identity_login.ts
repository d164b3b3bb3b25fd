/**
 * The `workloadidentity` login (loaded only when a token is fetched).
 *
 * @module
 */

import type { AcquireContext, Credential } from "../types.ts";
import type { WorkloadIdentityOptions } from "../workloadidentity.ts";
import { fetchOidcToken, loginWithAssertion } from "./assertion_login.ts";

const AUDIENCE = "api://AzureADTokenExchange";

/** The assertion: the federated token file, re-read each time, or a GitHub Actions token. */
function assertionSource(
  options: WorkloadIdentityOptions,
  ctx: AcquireContext,
): () => Promise<string> {
  const { githubRequestUrl, githubRequestToken, federatedTokenFile } = options;
  if (githubRequestUrl && githubRequestToken) {
    return () => {
      const url = new URL(githubRequestUrl);
      url.searchParams.set("audience", AUDIENCE);
      const request = new Request(url, {
        headers: {
          authorization: `bearer ${githubRequestToken}`,
          accept: "application/json; api-version=2.0",
        },
      });
      return fetchOidcToken("GitHub Actions", request, "value");
    };
  }
  const file = federatedTokenFile!;
  return async () => {
    let text: string;
    try {
      text = new TextDecoder().decode(await ctx.readFile(file)).trim();
    } catch (err) {
      if (err instanceof Deno.errors.NotCapable) throw err;
      throw new Error(
        `cannot read federated token file ${JSON.stringify(file)}: ${(err as Error).message}`,
      );
    }
    if (text === "") throw new Error(`federated token file ${JSON.stringify(file)} is empty`);
    return text;
  };
}

/** Obtains a token with a federated assertion. Needs what `workloadidentity.permissions` declares. */
export function workloadIdentityLogin(
  options: WorkloadIdentityOptions,
  ctx: AcquireContext,
): Promise<Credential> {
  return loginWithAssertion(options.target, options.clientId, assertionSource(options, ctx), ctx);
}
