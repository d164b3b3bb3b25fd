/**
 * The `spn` login itself (loaded only when a token is fetched): client credentials with a
 * secret or a certificate through msal-node, or through the v1 endpoint with `--legacy`.
 *
 * @module
 */

import type { SpnOptions } from "../spn.ts";
import type { AcquireContext, Credential } from "../types.ts";
import { signClientAssertion } from "./client_assertion.ts";
import { loadClientCertificate } from "./client_certificate.ts";
import { clientCredentialsToken } from "./client_credentials.ts";
import { accessTokenExpiry } from "./token_expiry.ts";
import { postTokenForm, v1TokenEndpoint } from "./v1_token.ts";

/** Obtains a token for a service principal. Needs the permissions `spn.permissions` declares. */
export async function spnLogin(options: SpnOptions, ctx: AcquireContext): Promise<Credential> {
  const { target, clientId, legacy } = options;
  const certificate = options.certificatePath === undefined
    ? undefined
    : await loadClientCertificate(
      await ctx.readFile(options.certificatePath),
      options.certificatePath,
      options.certificatePassword,
    );
  if (legacy) {
    const endpoint = v1TokenEndpoint(target.authorityHost, target.tenantId);
    const proof: Record<string, string> = certificate
      ? {
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: await signClientAssertion(
          certificate,
          clientId,
          endpoint.split("?")[0]!, // the audience is the endpoint without `?api-version=1.0`
          Math.floor(ctx.now() / 1000),
        ),
      }
      : { client_secret: options.clientSecret! };
    const token = await postTokenForm(endpoint, {
      grant_type: "client_credentials",
      client_id: clientId,
      resource: target.serverId,
      ...proof,
    }, ctx.now());
    return {
      token: token.accessToken,
      expiresAt: accessTokenExpiry(token.accessToken, token.expiresAt, ctx.now()),
    };
  }
  return await clientCredentialsToken(
    target,
    clientId,
    certificate
      ? {
        clientCertificate: {
          thumbprintSha256: certificate.thumbprintSha256,
          privateKey: certificate.privateKeyPem,
          x5c: certificate.chainPem.join("\n"),
        },
      }
      : { clientSecret: options.clientSecret! },
    ctx,
  );
}
