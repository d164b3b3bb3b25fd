/**
 * A fake Kubernetes API server over HTTPS that accepts exactly one bearer token (or the tokens
 * a check accepts), enough for `kubectl get --raw /version` and `kubectl api-versions`.
 *
 * @module
 */

import type { TestCa } from "./tls.ts";

export interface FakeApiServer {
  readonly url: string;
  /** Authorization headers of every request, in order. */
  readonly authorizations: readonly (string | null)[];
  close(): Promise<void>;
}

const VERSION = {
  major: "1",
  minor: "32",
  gitVersion: "v1.32.0-fake",
  gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean",
  buildDate: "2026-01-01T00:00:00Z",
  goVersion: "go1.23.0",
  compiler: "gc",
  platform: "linux/amd64",
};

/**
 * Starts the server on a free loopback port. Needs net access to 127.0.0.1.
 *
 * @param accepted the one bearer token accepted, or a check (e.g. the token verifies against
 *   a fake identity provider's keys and has the cluster's audience)
 */
export async function startFakeApiServer(
  ca: TestCa,
  accepted: string | ((token: string) => boolean | Promise<boolean>),
): Promise<FakeApiServer> {
  const accepts = typeof accepted === "string" ? (t: string) => t === accepted : accepted;
  const { certPem, keyPem } = await ca.issue();
  const authorizations: (string | null)[] = [];
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, cert: certPem, key: keyPem, onListen() {} },
    async (request) => {
      const auth = request.headers.get("authorization");
      authorizations.push(auth);
      const token = auth?.startsWith("Bearer ") ? auth.slice(7) : undefined;
      if (token === undefined || !(await Promise.resolve(accepts(token)).catch(() => false))) {
        return json(401, {
          kind: "Status",
          apiVersion: "v1",
          status: "Failure",
          message: "Unauthorized",
          reason: "Unauthorized",
          code: 401,
        });
      }
      const path = new URL(request.url).pathname;
      if (path === "/version") return json(200, VERSION);
      if (path === "/api") {
        return json(200, {
          kind: "APIVersions",
          versions: ["v1"],
          serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }],
        });
      }
      if (path === "/apis") {
        return json(200, { kind: "APIGroupList", apiVersion: "v1", groups: [] });
      }
      return json(404, { kind: "Status", apiVersion: "v1", status: "Failure", code: 404 });
    },
  );
  return {
    url: `https://127.0.0.1:${server.addr.port}`,
    authorizations,
    close: () => server.shutdown(),
  };
}
