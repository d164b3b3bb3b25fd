/**
 * The fake Entra ID's request log (secrets redacted), request matching for counts, and
 * fault injection (AADSTS errors, raw HTTP failures, slowness).
 *
 * @module
 */

import type { AssertionFacts } from "./entra_id_assertion.ts";

/** Which service endpoint a request hit. */
export type Endpoint =
  | "openid-configuration"
  | "instance-discovery"
  | "keys"
  | "token"
  | "devicecode"
  | "authorize"
  | "other";

/** One request, as the fake saw it. Secret parameter values read `[redacted]`. */
export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly endpoint: Endpoint;
  /** `v1` for `/oauth2/token` and `/oauth2/devicecode`, `v2` for the `/v2.0/` ones. */
  readonly version: "v1" | "v2" | undefined;
  readonly tenant: string | undefined;
  /** The grant, with the device-code URN shortened to `device_code`. */
  readonly grantType: string | undefined;
  readonly clientId: string | undefined;
  /** Form body (POST) or query (GET) parameters. */
  readonly params: Readonly<Record<string, string>>;
  /** The URL query of a POST (msal puts `extraQueryParameters` there); empty for a GET. */
  readonly query: Readonly<Record<string, string>>;
  /** How the client authenticated, on token requests. */
  clientAuth: "secret" | "assertion" | "none" | undefined;
  /** What the client assertion carried, when one verified. */
  assertion: AssertionFacts | undefined;
  /** The issuer and subject of a federated assertion that was accepted. */
  federated: { readonly issuer: string; readonly subject: string } | undefined;
  /** The HTTP status answered. */
  status: number;
  /** `AADSTS<code>` when the answer was an Entra ID error. */
  errorCode: string | undefined;
}

/** Selects requests; every given field must match. */
export interface RequestMatch {
  readonly endpoint?: Endpoint;
  readonly grantType?: string;
  readonly version?: "v1" | "v2";
  readonly tenant?: string;
  readonly clientId?: string;
}

export function matches(entry: LoggedRequest, match: RequestMatch | undefined): boolean {
  if (match === undefined) return true;
  return (match.endpoint === undefined || entry.endpoint === match.endpoint) &&
    (match.grantType === undefined || entry.grantType === match.grantType) &&
    (match.version === undefined || entry.version === match.version) &&
    (match.tenant === undefined || entry.tenant === match.tenant) &&
    (match.clientId === undefined || entry.clientId === match.clientId);
}

const SECRET_PARAMS = new Set([
  "client_secret",
  "client_assertion",
  "password",
  "refresh_token",
  "code",
  "code_verifier",
  "device_code",
  "assertion",
]);

/** Parameters with secret values replaced. */
export function redactParams(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) out[k] = SECRET_PARAMS.has(k) ? "[redacted]" : v;
  return out;
}

/** What an injected fault does. */
export type FaultEffect =
  /** Answer with this Entra ID error (defaults from the AADSTS catalogue). */
  | {
    readonly aadsts: number;
    readonly error?: string;
    readonly description?: string;
    readonly status?: number;
  }
  /** Answer with a raw HTTP status and body (default: empty `text/plain`). */
  | { readonly httpStatus: number; readonly body?: string; readonly contentType?: string }
  /** Wait this long, then handle the request normally. */
  | { readonly delayMs: number };

/** A fault for the next `times` (default 1; `Infinity` for always) matching requests. */
export interface Fault {
  readonly match?: RequestMatch;
  readonly times?: number;
  readonly effect: FaultEffect;
}

/** Injected faults, consumed in the order they were added. */
export class FaultQueue {
  #faults: { fault: Fault; left: number }[] = [];

  add(fault: Fault): void {
    this.#faults.push({ fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.#faults = [];
  }

  /** The effects that apply to `entry`, consuming one use of each. */
  take(entry: LoggedRequest): FaultEffect[] {
    const out: FaultEffect[] = [];
    for (const f of this.#faults) {
      if (f.left > 0 && matches(entry, f.fault.match)) {
        f.left--;
        out.push(f.fault.effect);
        if (!("delayMs" in f.fault.effect)) break;
      }
    }
    this.#faults = this.#faults.filter((f) => f.left > 0);
    return out;
  }
}

/** Resolves after `ms`, or rejects when `signal` aborts (the fake is closing). */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
