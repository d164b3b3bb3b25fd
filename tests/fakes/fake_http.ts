/**
 * Pieces shared by the HTTP fakes of identity endpoints: a request log that tests can assert
 * on, injected faults (status, body, delay), and JSON responses.
 *
 * @module
 */

/** One request as a fake received it. Header names are lower case. */
export interface RecordedRequest {
  readonly method: string;
  /** The full URL as received, e.g. `http://127.0.0.1:4312/metadata/identity/oauth2/token?…`. */
  readonly url: string;
  readonly path: string;
  /** Query parameters in order; a repeated name appears once per occurrence. */
  readonly query: readonly (readonly [string, string])[];
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The first value of query parameter `name`, if present. */
export function queryParam(request: RecordedRequest, name: string): string | undefined {
  return request.query.find(([k]) => k === name)?.[1];
}

/** Reads and records a request (consumes its body). */
export async function recordRequest(request: Request): Promise<RecordedRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => headers[name] = value);
  return {
    method: request.method,
    url: request.url,
    path: url.pathname,
    query: [...url.searchParams.entries()],
    headers,
    body: request.body ? await request.text() : "",
  };
}

/**
 * An error (or a slow answer) a fake returns instead of its normal response. `body` is sent as
 * JSON unless it is a string; `times` (default 1) is how many requests it applies to.
 */
export interface Fault {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Wait this long before answering (cut short when the fake closes). */
  readonly delayMs?: number;
  readonly times?: number;
}

/** Faults waiting to be served, first in first out. */
export class FaultQueue {
  #queue: { fault: Fault; left: number }[] = [];

  /** Queues a fault for the next `fault.times ?? 1` matching requests. */
  push(fault: Fault): void {
    this.#queue.push({ fault, left: fault.times ?? 1 });
  }

  /** Takes the fault that applies to the current request, if any. */
  take(): Fault | undefined {
    const head = this.#queue[0];
    if (!head) return undefined;
    if (--head.left <= 0) this.#queue.shift();
    return head.fault;
  }
}

/** Builds the response for a fault, after its delay (cut short when `signal` aborts). */
export async function faultResponse(fault: Fault, signal: AbortSignal): Promise<Response> {
  if (fault.delayMs) await delay(fault.delayMs, signal);
  const isText = typeof fault.body === "string";
  const body = fault.body === undefined
    ? ""
    : isText
    ? fault.body as string
    : JSON.stringify(fault.body);
  const type = isText ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
  return new Response(body, {
    status: fault.status,
    headers: { "content-type": type, ...fault.headers },
  });
}

/** A JSON response. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** A running fake: where it listens and how to stop it. */
export interface Listening {
  /** `host:port`, as `--allow-net` and worker permissions want it. */
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** TLS material for an HTTPS fake (see `tls.ts`). */
export interface TlsOptions {
  readonly certPem: string;
  readonly keyPem: string;
}

/**
 * Serves `handler` on a free loopback port, over HTTPS when `tls` is given. `closing` aborts
 * when `close()` is called, so delayed answers end then. Needs net access to 127.0.0.1.
 */
export function listen(
  handler: (request: Request, closing: AbortSignal) => Response | Promise<Response>,
  tls?: TlsOptions,
): Listening {
  const closing = new AbortController();
  const server = Deno.serve(
    {
      hostname: "127.0.0.1",
      port: 0,
      onListen() {},
      ...(tls ? { cert: tls.certPem, key: tls.keyPem } : {}),
    },
    (request) => handler(request, closing.signal),
  );
  const port = server.addr.port;
  return {
    host: `127.0.0.1:${port}`,
    port,
    close() {
      closing.abort();
      return server.shutdown();
    },
  };
}
