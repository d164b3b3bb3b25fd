/**
 * An msal-node network client that turns every token request into a PoP token request
 * (`token_type=pop`, `req_cnf`). msal-node 7 has no PoP for these flows (it resets the
 * authentication scheme to Bearer) and several request types have no `extraParameters`; the
 * network client is the one place every flow's token request passes through
 * (`tests/fakes/MSAL_NOTES.md` section 5).
 *
 * Otherwise it behaves as msal-node's own fetch-based `HttpClient`: JSON bodies, and msal's
 * `network_error` / `token_parsing_error` codes for failures.
 *
 * @module
 */

import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { reqCnf } from "./pop_token.ts";

type Msal = typeof import("@azure/msal-node");

/**
 * The network client for PoP requests bound to key `kid`. Needs net access to the authority.
 *
 * @param msal the loaded msal-node module (for its error type)
 */
export function popNetworkClient(msal: Msal, kid: string, signal: AbortSignal): INetworkModule {
  const cnf = reqCnf(kid);
  async function send<T>(
    method: "GET" | "POST",
    url: string,
    options: NetworkRequestOptions | undefined,
  ): Promise<NetworkResponse<T>> {
    let body = options?.body;
    if (method === "POST" && new URL(url).pathname.endsWith("/token")) {
      const form = new URLSearchParams(body ?? "");
      form.set("token_type", "pop");
      form.set("req_cnf", cnf);
      body = form.toString();
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: options?.headers ?? {},
        signal,
        ...(method === "POST" ? { body: body ?? "" } : {}),
      });
    } catch (err) {
      throw new msal.AuthError(
        "network_error",
        "",
        `Network request failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => headers[name] = value);
    try {
      return { headers, body: await response.json() as T, status: response.status };
    } catch (err) {
      throw new msal.AuthError(
        "token_parsing_error",
        "",
        `Failed to parse response: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  return {
    sendGetRequestAsync: (url, options) => send("GET", url, options),
    sendPostRequestAsync: (url, options) => send("POST", url, options),
  };
}
