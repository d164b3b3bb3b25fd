/**
 * The loopback redirect of the interactive login: a one-shot HTTP listener on 127.0.0.1 that
 * receives the authorization code from the browser, checks `state`, and shows the person a
 * page saying they can close the tab. `--redirect-url` fixes its port and path; otherwise it
 * listens on a free port and Entra ID is told `http://localhost:<port>` (as msal does).
 *
 * @module
 */

import { InputError } from "../types.ts";
import { firstDescription, IdentityProviderError } from "./entra_error.ts";

/** Where to listen, and what redirect URI to send. Structured-clonable. */
export interface LoopbackRedirect {
  /** `--redirect-url` exactly as given, or absent for `http://localhost:<free port>`. */
  readonly url?: string;
  /** `127.0.0.1`: the listen address (`localhost` is served there too, as msal does). */
  readonly hostname: string;
  /** The port to listen on; 0 for a free one. */
  readonly port: number;
  /** The path the answer arrives at. */
  readonly path: string;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1"]);

/**
 * Checks `--redirect-url` (an http URL on localhost or 127.0.0.1), or the default when absent.
 * Needs no permissions.
 *
 * @throws {InputError} naming the value and what is wrong
 */
export function parseRedirectUrl(value: string | undefined): LoopbackRedirect {
  if (value === undefined || value === "") return { hostname: "127.0.0.1", port: 0, path: "/" };
  const bad = (why: string) =>
    new InputError(
      `redirect URL "${value}" is not valid: ${why} (e.g. http://localhost:8400/)`,
    );
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad("it is not a URL");
  }
  if (url.protocol !== "http:") throw bad("it must be an http:// loopback URL");
  if (!LOOPBACK_HOSTS.has(url.hostname)) throw bad("its host must be localhost or 127.0.0.1");
  if (url.hash !== "") throw bad("it must not have a #fragment");
  return {
    url: value,
    hostname: "127.0.0.1",
    port: url.port === "" ? 80 : Number(url.port),
    path: url.pathname || "/",
  };
}

/** The net permission the listener needs (listening only on that address and port). */
export function loopbackNet(redirect: LoopbackRedirect): string {
  return `${redirect.hostname}:${redirect.port}`;
}

/** A listening loopback redirect. Dispose to stop listening. */
export interface LoopbackListener extends AsyncDisposable {
  /** The redirect URI to put in the authorize URL and the code redemption. */
  readonly redirectUri: string;
  /** The authorization code, once the browser delivered it with the right `state`. */
  readonly code: Promise<string>;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function page(status: number, title: string, text: string): Response {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}` +
    `</title></head><body style="font-family:sans-serif;margin:3em"><h1>${escapeHtml(title)}</h1>` +
    `<p>${escapeHtml(text)}</p></body></html>`;
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}

/**
 * Starts listening. Requests to other paths get 404, answers with another `state` get 400 and
 * are ignored; an `error` answer rejects `code` with Entra ID's description.
 * Needs net permission {@linkcode loopbackNet}.
 *
 * @throws when the address cannot be listened on (e.g. the `--redirect-url` port is taken)
 */
export function listenForRedirect(
  redirect: LoopbackRedirect,
  state: string,
  signal: AbortSignal,
): LoopbackListener {
  let resolve!: (code: string) => void;
  let reject!: (err: unknown) => void;
  const code = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  code.catch(() => {}); // rejected before anyone awaits it (abort): not unhandled
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: redirect.hostname,
      port: redirect.port,
      onListen() {},
    }, (request) => {
      const url = new URL(request.url);
      if (url.pathname !== redirect.path) return new Response("Not found", { status: 404 });
      const p = url.searchParams;
      if (p.get("state") !== state) {
        return page(
          400,
          "Unexpected sign-in answer",
          "This answer does not belong to the sign-in kubelogin is waiting for.",
        );
      }
      const error = p.get("error");
      if (error !== null) {
        const description = firstDescription(p.get("error_description") ?? "");
        reject(new IdentityProviderError(error, description));
        return page(200, "Sign-in failed", `${description || error}. You can close this tab.`);
      }
      const received = p.get("code");
      if (!received) return page(400, "Unexpected sign-in answer", "The answer has no code.");
      resolve(received);
      return page(200, "Signed in", "You can close this tab and return to the terminal.");
    });
  } catch (err) {
    const where = redirect.url ?? `${redirect.hostname}:${redirect.port}`;
    throw new Error(
      `cannot listen for the sign-in redirect on ${where}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const onAbort = () => reject(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  return {
    redirectUri: redirect.url ?? `http://localhost:${server.addr.port}`,
    code,
    async [Symbol.asyncDispose]() {
      signal.removeEventListener("abort", onAbort);
      await server.shutdown();
    },
  };
}
