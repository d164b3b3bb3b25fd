/**
 * A fake Microsoft Entra ID over HTTPS on 127.0.0.1, close enough to the real service that
 * msal-node 7 talks to it as a custom authority host (`knownAuthorities: [fake.host]`): OpenID
 * configuration, v2 and v1 token and device-code endpoints, authorize (auto-consent), PoP,
 * real signed JWTs, Entra ID's error shape, a request log, and fault injection.
 *
 * ```ts
 * const ca = await createTestCa();
 * await using entra = await startFakeEntraId(ca, {
 *   clients: [{ clientId: "app", secret: "s3cret" }],
 * });
 * // msal: { authority: entra.authority("my-tenant"), knownAuthorities: [entra.host] }
 * ```
 *
 * @module
 */

import type { JSONWebKeySet, JWTPayload } from "jose";
import {
  type DeviceCodeInfo,
  type DeviceCodePolicy,
  DeviceCodeQueue,
} from "./entra_id_device_code.ts";
import { createHandler } from "./entra_id_handler.ts";
import {
  type Fault,
  FaultQueue,
  type LoggedRequest,
  matches,
  type RequestMatch,
} from "./entra_id_log.ts";
import { isTenantId } from "./entra_id_routes.ts";
import { createTokenSigner } from "./entra_id_signer.ts";
import {
  type ClientRegistration,
  type DeviceCodeRecord,
  EntraState,
  type UserRegistration,
} from "./entra_id_state.ts";
import { TokenIssuer, type TokenPolicy } from "./entra_id_tokens.ts";
import type { TestCa } from "./tls.ts";

export type { ClientRegistration, DeviceCodeInfo, DeviceCodePolicy, Fault, LoggedRequest };
export type { RequestMatch };
export type { TokenPolicy, UserRegistration };

/** How the fake starts. Everything can also be added later. */
export interface FakeEntraIdOptions {
  /** Tenants it answers for (ids or names); any tenant when absent. */
  readonly tenants?: readonly string[];
  readonly clients?: readonly ClientRegistration[];
  readonly users?: readonly UserRegistration[];
  readonly tokens?: TokenPolicy;
  readonly deviceCode?: DeviceCodePolicy;
}

/** A running fake. */
export interface FakeEntraId extends AsyncDisposable {
  /** `https://127.0.0.1:PORT/`: the authority host, with the trailing slash. */
  readonly url: string;
  /** `127.0.0.1:PORT`: msal's `knownAuthorities` entry and Deno's `--allow-net` value. */
  readonly host: string;
  /** The tenant id of tokens issued through a tenant name (`common`, `contoso.com`, …). */
  readonly tenantId: string;
  /** `url` + `tenant` (default {@linkcode tenantId}): msal's `authority`. */
  authority(tenant?: string): string;
  /** The token-signing public keys. */
  readonly jwks: JSONWebKeySet;
  /** Verifies a token the fake issued and returns its claims. */
  verifyToken(token: string): Promise<JWTPayload>;
  /** Every request so far, secrets redacted. */
  readonly requests: readonly LoggedRequest[];
  /** How many logged requests match. */
  countRequests(match?: RequestMatch): number;
  addClient(registration: ClientRegistration): Promise<void>;
  addUser(registration: UserRegistration): void;
  /** Adds a fault for the next matching requests. */
  inject(fault: Fault): void;
  clearFaults(): void;
  /** The next device code issued that no earlier call has returned. */
  waitForDeviceCode(): Promise<DeviceCodeInfo>;
  approveDeviceCode(userCode: string, username: string): void;
  declineDeviceCode(userCode: string): void;
  /** Revokes matching refresh tokens (all by default); returns how many. */
  revokeRefreshTokens(match?: { username?: string; clientId?: string }): number;
  close(): Promise<void>;
}

/** Starts the fake on a free loopback port. Needs net access to 127.0.0.1. */
export async function startFakeEntraId(
  ca: TestCa,
  options: FakeEntraIdOptions = {},
): Promise<FakeEntraId> {
  const { certPem, keyPem } = await ca.issue();
  const state = new EntraState();
  for (const c of options.clients ?? []) await state.addClient(c);
  for (const u of options.users ?? []) state.addUser(u);
  const signer = await createTokenSigner();
  const faults = new FaultQueue();
  const log: LoggedRequest[] = [];
  const closing = new AbortController();
  const tenantId = options.tenants?.find(isTenantId) ?? crypto.randomUUID();
  const deviceCodes = new DeviceCodeQueue();
  let base = "";
  const issuer = new TokenIssuer(signer, state, () => base, options.tokens ?? {});

  const server = Deno.serve(
    {
      hostname: "127.0.0.1",
      port: 0,
      cert: certPem,
      key: keyPem,
      onListen() {},
      onError(err) {
        // A delayed request cut short by close() is expected; anything else is a fake bug.
        if (!closing.signal.aborted) console.error("fake Entra ID:", err);
        return new Response(null, { status: closing.signal.aborted ? 503 : 500 });
      },
    },
    createHandler({
      state,
      signer,
      issuer,
      faults,
      log,
      closing: closing.signal,
      tenants: options.tenants,
      defaultTenantId: tenantId,
      deviceCode: options.deviceCode ?? {},
      onDeviceCode: (record) => deviceCodes.push(record),
      base: () => base,
    }),
  );
  const host = `127.0.0.1:${server.addr.port}`;
  base = `https://${host}/`;

  const codeByUser = (userCode: string): DeviceCodeRecord => {
    for (const r of state.deviceCodes.values()) if (r.userCode === userCode) return r;
    throw new Error(`no device code with user code ${userCode}`);
  };
  let closed: Promise<void> | undefined;
  const close = () => {
    closing.abort(new Error("fake Entra ID closed"));
    return closed ??= server.shutdown();
  };
  return {
    url: base,
    host,
    tenantId,
    authority: (tenant = tenantId) => `${base}${tenant}`,
    jwks: signer.jwks,
    verifyToken: (token) => signer.verify(token),
    requests: log,
    countRequests: (match) => log.filter((e) => matches(e, match)).length,
    addClient: async (reg) => void await state.addClient(reg),
    addUser: (reg) => void state.addUser(reg),
    inject: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    waitForDeviceCode: () => deviceCodes.next(),
    approveDeviceCode(userCode, username) {
      const record = codeByUser(userCode);
      record.status = "approved";
      record.username = username;
    },
    declineDeviceCode: (userCode) => void (codeByUser(userCode).status = "declined"),
    revokeRefreshTokens: (match) => state.revokeRefreshTokens(match),
    close,
    [Symbol.asyncDispose]: close,
  };
}
