/**
 * What the fake Entra ID remembers: registered clients and users, pending device codes,
 * authorization codes and refresh tokens.
 *
 * @module
 */

import { type CertificateFacts, certificateFacts } from "./entra_id_cert.ts";

/** An app registration. */
export interface ClientRegistration {
  readonly clientId: string;
  /** A client secret the app may authenticate with. */
  readonly secret?: string;
  /** A certificate (PEM) whose key may sign client assertions. */
  readonly certificatePem?: string;
  /**
   * Whether public-client flows (device code, ROPC, auth code, refresh) work without client
   * authentication. Default: true when the app has neither secret nor certificate.
   */
  readonly publicClient?: boolean;
  /** Federated identity credentials: trusted external issuers (workload identity federation). */
  readonly federated?: readonly FederatedCredential[];
}

/**
 * A federated identity credential: assertions whose `iss` and `sub` match, for the audience
 * `api://AzureADTokenExchange`, stand in for a secret. `verify` checks the assertion's signature
 * the way Entra ID would fetch the issuer's keys (tests pass the issuing fake's verifier).
 */
export interface FederatedCredential {
  readonly issuer: string;
  readonly subject: string;
  readonly verify: (token: string) => Promise<unknown>;
}

/** A user account. */
export interface UserRegistration {
  readonly username: string;
  readonly password: string;
  /** Object id (`oid`); generated when absent. */
  readonly objectId?: string;
  readonly displayName?: string;
}

export interface ClientRecord {
  readonly clientId: string;
  readonly secret: string | undefined;
  readonly certificate: CertificateFacts | undefined;
  readonly federated: readonly FederatedCredential[];
  readonly publicClient: boolean;
  /** The service principal's object id, the `oid` of app-only tokens. */
  readonly objectId: string;
}

export interface UserRecord {
  readonly username: string;
  readonly password: string;
  readonly objectId: string;
  readonly displayName: string;
}

/** What a granted token is for; shared by device codes, auth codes and refresh tokens. */
export interface GrantContext {
  readonly clientId: string;
  readonly tenantId: string;
  /** Scopes (v2) or the resource (v1), exactly as requested. */
  readonly scopes: readonly string[];
  readonly resource: string | undefined;
}

export interface DeviceCodeRecord extends GrantContext {
  readonly userCode: string;
  readonly deviceCode: string;
  readonly expiresAt: number;
  status: "pending" | "approved" | "declined" | "redeemed";
  username: string | undefined;
  polls: number;
}

export interface AuthCodeRecord extends GrantContext {
  readonly redirectUri: string;
  readonly codeChallenge: string | undefined;
  readonly codeChallengeMethod: string | undefined;
  readonly nonce: string | undefined;
  readonly username: string;
  readonly expiresAt: number;
  redeemed: boolean;
}

export interface RefreshTokenRecord extends GrantContext {
  readonly username: string;
  readonly expiresAt: number;
  revoked: boolean;
  /** Set once the token was exchanged (rotation): a second use is refused. */
  used: boolean;
}

/** The fake's memory. */
export class EntraState {
  readonly clients = new Map<string, ClientRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly deviceCodes = new Map<string, DeviceCodeRecord>();
  readonly authCodes = new Map<string, AuthCodeRecord>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();

  async addClient(reg: ClientRegistration): Promise<ClientRecord> {
    const record: ClientRecord = {
      clientId: reg.clientId,
      secret: reg.secret,
      certificate: reg.certificatePem ? await certificateFacts(reg.certificatePem) : undefined,
      federated: reg.federated ?? [],
      publicClient: reg.publicClient ?? (reg.secret === undefined && !reg.certificatePem),
      objectId: crypto.randomUUID(),
    };
    this.clients.set(reg.clientId, record);
    return record;
  }

  addUser(reg: UserRegistration): UserRecord {
    const record: UserRecord = {
      username: reg.username,
      password: reg.password,
      objectId: reg.objectId ?? crypto.randomUUID(),
      displayName: reg.displayName ?? reg.username.split("@")[0]!,
    };
    this.users.set(reg.username.toLowerCase(), record);
    return record;
  }

  user(username: string): UserRecord | undefined {
    return this.users.get(username.toLowerCase());
  }

  /** Revokes matching refresh tokens; returns how many. */
  revokeRefreshTokens(match: { username?: string; clientId?: string } = {}): number {
    let n = 0;
    for (const rt of this.refreshTokens.values()) {
      if (match.username !== undefined && rt.username !== match.username.toLowerCase()) continue;
      if (match.clientId !== undefined && rt.clientId !== match.clientId) continue;
      if (!rt.revoked) n++;
      rt.revoked = true;
    }
    return n;
  }
}

const USER_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A 9-character user code like Entra ID's (`FJ3B4KZ6Q`). */
export function newUserCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return [...bytes].map((b) => USER_CODE_ALPHABET[b % USER_CODE_ALPHABET.length]).join("");
}

/** An opaque random string (codes, refresh tokens). */
export function opaque(prefix: string, bytes = 32): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return prefix + btoa(String.fromCharCode(...raw)).replace(/[+/=]/g, "");
}
