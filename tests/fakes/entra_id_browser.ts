/**
 * A fake browser for the authorize endpoint: opens the authorize URL, and delivers the answer
 * to the redirect URI the way a browser would (follows the 302, or submits the `form_post`
 * form). Enough for msal-node's interactive flow and for our own loopback listeners.
 *
 * @module
 */

/** What the identity provider sent to the redirect URI. */
export interface AuthorizeResult {
  /** The redirect URI the answer went to. */
  readonly redirectUri: string;
  /** `code`, `state`, `client_info`, or `error` and `error_description`. */
  readonly params: URLSearchParams;
  /** How it was delivered: a 302 with a query, or a POSTed form. */
  readonly mode: "query" | "form_post";
}

export interface BrowserOptions {
  /** An HTTP client that trusts the fake's CA (not needed when `DENO_CERT` names it). */
  readonly client?: Deno.HttpClient;
  /** Also send the answer to the redirect URI (default true). */
  readonly deliver?: boolean;
}

const decode = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

function parseForm(html: string): { action: string; fields: URLSearchParams } {
  const action = /<form[^>]*action="([^"]*)"/i.exec(html)?.[1];
  if (action === undefined) throw new Error("authorize answered 200 without a form to submit");
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/gi)) {
    fields.append(decode(m[1]!), decode(m[2]!));
  }
  return { action: decode(action), fields };
}

/**
 * Opens `authorizeUrl` and returns what reached the redirect URI. Needs net access to the
 * identity provider and, when delivering, to the redirect URI's host.
 */
export async function openAuthorizeUrl(
  authorizeUrl: string,
  options: BrowserOptions = {},
): Promise<AuthorizeResult> {
  const init = options.client ? { client: options.client } : {};
  const res = await fetch(authorizeUrl, { redirect: "manual", ...init });
  const body = await res.text();
  let result: AuthorizeResult;
  if (res.status === 302 || res.status === 303) {
    const location = new URL(res.headers.get("location") ?? "");
    const redirectUri = location.origin + location.pathname;
    result = { redirectUri, params: location.searchParams, mode: "query" };
    if (options.deliver ?? true) await (await fetch(location)).body?.cancel();
  } else if (res.ok) {
    const { action, fields } = parseForm(body);
    result = { redirectUri: action, params: fields, mode: "form_post" };
    if (options.deliver ?? true) {
      const posted = await fetch(action, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: fields,
      });
      await posted.body?.cancel();
    }
  } else {
    throw new Error(`authorize answered HTTP ${res.status}: ${body.slice(0, 200)}`);
  }
  return result;
}
