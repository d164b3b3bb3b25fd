/**
 * The fake's device-code flow: the `devicecode` endpoint (v2 and v1 shapes) and the polling
 * grant (pending until the test approves or declines, or auto-approval).
 *
 * @module
 */

import { AadError } from "./entra_id_errors.ts";
import { registeredClient, required, resourceOf } from "./entra_id_params.ts";
import { type DeviceCodeRecord, type EntraState, newUserCode, opaque } from "./entra_id_state.ts";
import type { Issuance } from "./entra_id_tokens.ts";

/** How device codes behave. */
export interface DeviceCodePolicy {
  /** The `interval` returned, in seconds (default 1; Entra ID says 5). msal waits this long. */
  readonly intervalSeconds?: number;
  /** The `expires_in` returned, in seconds (default 900). */
  readonly expiresInSeconds?: number;
  /** Approve every code as `username` once it has been polled `afterPolls` times (default 1). */
  readonly autoApprove?: { readonly username: string; readonly afterPolls?: number };
}

const VERIFICATION_URI = "https://microsoft.com/devicelogin";

/** Handles `POST /{tenant}/oauth2[/v2.0]/devicecode`; returns the record and the JSON answer. */
export function startDeviceCode(
  state: EntraState,
  policy: DeviceCodePolicy,
  req: { version: "v1" | "v2"; tenant: string; tenantId: string; params: URLSearchParams },
): { record: DeviceCodeRecord; body: Record<string, unknown> } {
  const client = registeredClient(state, required(req.params, "client_id"), req.tenant);
  const scopes = req.version === "v2"
    ? required(req.params, "scope").split(" ").filter((s) => s !== "")
    : [];
  const resource = req.version === "v1" ? required(req.params, "resource") : undefined;
  if (req.version === "v2") resourceOf(scopes);
  const interval = policy.intervalSeconds ?? 1;
  const expiresIn = policy.expiresInSeconds ?? 900;
  const record: DeviceCodeRecord = {
    clientId: client.clientId,
    tenantId: req.tenantId,
    scopes,
    resource,
    userCode: newUserCode(),
    deviceCode: opaque("DAQABAAEAAAD-fake-", 48),
    expiresAt: Date.now() + expiresIn * 1000,
    status: "pending",
    username: undefined,
    polls: 0,
  };
  state.deviceCodes.set(record.deviceCode, record);
  const message = `To sign in, use a web browser to open the page ${VERIFICATION_URI} and enter ` +
    `the code ${record.userCode} to authenticate.`;
  const body = req.version === "v2"
    ? {
      user_code: record.userCode,
      device_code: record.deviceCode,
      verification_uri: VERIFICATION_URI,
      expires_in: expiresIn,
      interval,
      message,
    }
    : {
      user_code: record.userCode,
      device_code: record.deviceCode,
      verification_url: VERIFICATION_URI,
      expires_in: String(expiresIn),
      interval: String(interval),
      message,
    };
  return { record, body };
}

/** The device-code grant: pending, declined, expired, or the approved user's scopes. */
export function redeemDeviceCode(
  state: EntraState,
  policy: DeviceCodePolicy,
  code: string,
  clientId: string,
): Pick<Issuance, "user" | "scopes" | "resource"> {
  const record = state.deviceCodes.get(code);
  if (record === undefined || record.clientId !== clientId || record.status === "redeemed") {
    throw new AadError(70000, "The provided value for the 'device_code' parameter is not valid.");
  }
  if (record.expiresAt < Date.now()) throw new AadError(70019);
  record.polls++;
  const auto = policy.autoApprove;
  if (record.status === "pending" && auto && record.polls > (auto.afterPolls ?? 1)) {
    record.status = "approved";
    record.username = auto.username;
  }
  if (record.status === "pending") throw new AadError(70016);
  if (record.status === "declined") throw new AadError(70020);
  record.status = "redeemed";
  const user = state.user(record.username!);
  if (user === undefined) throw new AadError(50034);
  return {
    user,
    scopes: record.scopes,
    resource: record.resource ?? resourceOf(record.scopes),
  };
}

/** A device code as the test sees it, to approve or decline. */
export interface DeviceCodeInfo {
  readonly userCode: string;
  readonly clientId: string;
  readonly tenantId: string;
  readonly scopes: readonly string[];
  readonly resource: string | undefined;
}

/** Hands issued device codes to waiting tests, in order, each once. */
export class DeviceCodeQueue {
  #issued: DeviceCodeInfo[] = [];
  #waiters: ((info: DeviceCodeInfo) => void)[] = [];

  push(r: DeviceCodeRecord): void {
    const info: DeviceCodeInfo = {
      userCode: r.userCode,
      clientId: r.clientId,
      tenantId: r.tenantId,
      scopes: r.scopes,
      resource: r.resource,
    };
    const waiter = this.#waiters.shift();
    if (waiter) waiter(info);
    else this.#issued.push(info);
  }

  next(): Promise<DeviceCodeInfo> {
    const ready = this.#issued.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
