/**
 * The `azurecli` login (loaded only when a token is fetched).
 *
 * @module
 */

import type { AzureCliOptions } from "../azurecli.ts";
import type { AcquireContext, Credential } from "../types.ts";
import { runJsonCommand, stringField } from "./cli_command.ts";

/** The arguments of `az account get-access-token` for these options. */
export function azArgs(options: AzureCliOptions): string[] {
  return [
    "account",
    "get-access-token",
    "--resource",
    options.serverId,
    // az refuses --tenant together with --subscription; the subscription implies its tenant.
    ...options.subscription ? ["--subscription", options.subscription] : [],
    ...options.tenantId && !options.subscription ? ["--tenant", options.tenantId] : [],
    "--output",
    "json",
  ];
}

/**
 * The expiry: `expires_on` (epoch seconds, az 2.54 and later), else `expiresOn`, which az
 * writes in local time without a zone (`2026-11-22 18:42:37.000000`).
 */
export function azExpiry(doc: Record<string, unknown>): number {
  const epoch = Number(doc.expires_on);
  if (Number.isFinite(epoch) && epoch > 0) return epoch * 1000;
  const local = typeof doc.expiresOn === "string" ? doc.expiresOn : "";
  const match = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(\.\d+)?$/.exec(local);
  if (match === null) {
    throw new Error(`az answered with an expiry it cannot be read from: ${JSON.stringify(local)}`);
  }
  return new Date(`${match[1]}T${match[2]}`).getTime(); // no zone: local time, as az meant
}

/** Runs az for a token. Needs run access to `az`. */
export async function azureCliLogin(
  options: AzureCliOptions,
  ctx: AcquireContext,
): Promise<Credential> {
  const doc = await runJsonCommand("az", azArgs(options), ctx.signal);
  return { token: stringField(doc, "accessToken", "az"), expiresAt: azExpiry(doc) };
}
