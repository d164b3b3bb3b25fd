/**
 * Reading a Kubernetes service-account token from a file's bytes: a raw token, or a `Secret`
 * manifest (YAML or JSON, as `kubectl get secret -o yaml|json` prints it).
 *
 * @module
 */

import { formatTimestamp } from "../../exec/exec_credential.ts";
import { loadYaml } from "../../exec/yaml.ts";
import { decodeJwt } from "../jwt.ts";
import { type Credential, InputError } from "../types.ts";

const SA_TOKEN_TYPE = "kubernetes.io/service-account-token";
/** Lines that start a manifest rather than a token with stray whitespace in it. */
const MANIFEST_LINE = /^(---|\{|(apiVersion|kind|data|stringData|metadata|type)\s*:)/m;
/** Characters an HTTP header value (and so a bearer token) may hold. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/**
 * Turns the content of a token file into a credential. The expiry is the JWT's `exp`, or
 * `kubernetes.io.warnafter` when that is earlier and still ahead (client-go then re-runs the
 * plugin, which re-reads a rotated file); a token without `exp`, or not a JWT, has none.
 *
 * Needs no permissions.
 *
 * @param content the file's bytes
 * @param file the path, as the user gave it, for error messages
 * @param now milliseconds since the epoch
 * @throws {InputError} naming the file, for empty, garbled or expired content
 */
export async function credentialFromTokenFile(
  content: Uint8Array,
  file: string,
  now: number,
): Promise<Credential> {
  const where = JSON.stringify(file);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    throw new InputError(`service account token file ${where} is not UTF-8 text`);
  }
  text = text.replace(/\r?\n$/, "");
  if (text.trim() === "") throw new InputError(`service account token file ${where} is empty`);
  const token = /\s/.test(text) ? await tokenFromManifest(text, where) : text;
  if (/\s/.test(token)) {
    throw new InputError(
      `service account token in ${where} contains whitespace; expected a single token or a Secret manifest`,
    );
  }
  if (!HEADER_SAFE.test(token)) {
    throw new InputError(
      `service account token in ${where} contains characters that cannot be sent in an HTTP header`,
    );
  }
  const expiresAt = expiryOf(token, where, now);
  return expiresAt === undefined ? { token } : { token, expiresAt };
}

async function tokenFromManifest(text: string, where: string): Promise<string> {
  if (!MANIFEST_LINE.test(text)) return text; // a token with inner whitespace: rejected by caller
  let doc: unknown;
  try {
    if (text.trimStart().startsWith("{")) {
      doc = JSON.parse(text);
    } else {
      const { parse } = await loadYaml();
      doc = parse(text);
    }
  } catch (err) {
    const reason = (err as Error).message.split("\n")[0];
    throw new InputError(
      `service account token file ${where} is not a valid Secret manifest: ${reason}`,
    );
  }
  if (!isObject(doc) || doc.kind !== "Secret") {
    const kind = isObject(doc) && typeof doc.kind === "string" ? `a ${doc.kind}` : "no Secret";
    throw new InputError(
      `service account token file ${where} holds ${kind}; expected a token or one Secret`,
    );
  }
  if (doc.type !== undefined && doc.type !== SA_TOKEN_TYPE) {
    throw new InputError(
      `Secret in ${where} has type ${JSON.stringify(doc.type)}; expected ${SA_TOKEN_TYPE}`,
    );
  }
  const stringData = isObject(doc.stringData) ? doc.stringData : {};
  const data = isObject(doc.data) ? doc.data : {};
  let token: string;
  if (typeof stringData.token === "string") {
    token = stringData.token;
  } else if (typeof data.token === "string") {
    token = decodeBase64(data.token, where);
  } else {
    throw new InputError(
      `Secret in ${where} has no data.token (the token controller may not have filled it in yet)`,
    );
  }
  token = token.replace(/\r?\n$/, "");
  if (token === "") throw new InputError(`Secret in ${where} has an empty token`);
  return token;
}

function decodeBase64(value: string, where: string): string {
  try {
    const bytes = Uint8Array.from(atob(value.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`data.token of the Secret in ${where} is not valid base64 text`);
  }
}

/** Expiry in ms, or undefined for opaque tokens and JWTs without `exp`. */
function expiryOf(token: string, where: string, now: number): number | undefined {
  let jwt;
  try {
    jwt = decodeJwt(token);
  } catch (err) {
    throw new InputError(
      `service account token in ${where} is not a valid JWT: ${(err as Error).message}`,
    );
  }
  if (jwt === undefined) return undefined; // an opaque token
  const { claims } = jwt;
  if (claims.exp === undefined) return undefined;
  if (typeof claims.exp !== "number" || !Number.isFinite(claims.exp)) {
    throw new InputError(`service account token in ${where} has an exp claim that is not a number`);
  }
  const exp = claims.exp * 1000;
  if (exp <= now) {
    throw new InputError(`service account token in ${where} expired at ${formatTimestamp(exp)}`);
  }
  const k8s = claims["kubernetes.io"];
  const warnAfter = isObject(k8s) && typeof k8s.warnafter === "number" ? k8s.warnafter * 1000 : NaN;
  return warnAfter > now && warnAfter < exp ? warnAfter : exp;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
