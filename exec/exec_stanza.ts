/**
 * The exec stanza `convert-kubeconfig` writes for a user, and its placement in the user's
 * `yaml` node: an existing `exec` mapping is edited in place (its key order and comments
 * stay), a legacy `auth-provider` block is replaced where it stood.
 *
 * @module
 */

import type { Node, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
import type { ConvertOutput, ExecEnvVar } from "../modes/types.ts";
import type { Yaml } from "./kubeconfig.ts";

export const EXEC_COMMAND = "kubelogin";
export const EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1";
export const DEFAULT_INSTALL_HINT =
  "kubelogin is not installed. It is needed to get credentials for this cluster; install it and make sure it is on your PATH.";

/** An exec stanza, keys in the order `kubectl` writes them. */
export interface ExecStanza {
  readonly apiVersion: string;
  readonly args: readonly string[];
  readonly command: string;
  /** `null` is written as `env: null`. */
  readonly env: readonly ExecEnvVar[] | null;
  readonly installHint: string;
  readonly provideClusterInfo: boolean;
}

const STANZA_KEYS: readonly (keyof ExecStanza)[] = [
  "apiVersion",
  "args",
  "command",
  "env",
  "installHint",
  "provideClusterInfo",
];

/** The stanza for `login` with a rule's output; a non-empty `installHint` is kept. */
export function execStanza(login: string, output: ConvertOutput, installHint = ""): ExecStanza {
  return {
    apiVersion: EXEC_API_VERSION,
    args: ["get-token", "--login", login, ...output.args],
    command: EXEC_COMMAND,
    env: output.env && output.env.length > 0 ? output.env : null,
    installHint: installHint || DEFAULT_INSTALL_HINT,
    provideClusterInfo: false,
  };
}

/**
 * Puts `stanza` into the `user` mapping and removes `auth-provider`. Keys of an existing
 * `exec` that the stanza does not have are dropped, as kubelogin does.
 */
export function applyExecStanza(yaml: Yaml, user: YAMLMap, stanza: ExecStanza): void {
  const execPair = findPair(yaml, user, "exec");
  const providerPair = findPair(yaml, user, "auth-provider");
  if (execPair && yaml.isMap(execPair.value)) {
    updateExec(yaml, execPair.value, stanza);
  } else if (execPair) {
    execPair.value = newExec(yaml, stanza);
  } else {
    const pair = new yaml.Pair(plainScalar(yaml, "exec"), newExec(yaml, stanza));
    const at = providerPair ? user.items.indexOf(providerPair) : -1;
    if (providerPair && at >= 0) {
      // A comment above the old block stays above its replacement.
      const oldKey = providerPair.key as Node;
      Object.assign(pair.key as Node, {
        commentBefore: oldKey.commentBefore,
        spaceBefore: oldKey.spaceBefore,
      });
      user.items.splice(at, 1, pair);
    } else {
      user.items.push(pair);
    }
  }
  user.items = user.items.filter((p) => keyOf(yaml, p) !== "auth-provider");
}

function updateExec(yaml: Yaml, exec: YAMLMap, stanza: ExecStanza): void {
  for (const key of STANZA_KEYS) {
    const prev = findPair(yaml, exec, key);
    if (key === "args") {
      exec.set(
        key,
        argsNode(yaml, stanza.args, prev && yaml.isSeq(prev.value) ? prev.value : undefined),
      );
    } else if (key === "env") {
      exec.set(key, envNode(yaml, stanza.env));
    } else if (prev && yaml.isScalar(prev.value)) {
      prev.value.value = stanza[key]; // in place: its style and comments stay
    } else {
      exec.set(key, scalarNode(yaml, stanza[key]));
    }
  }
  exec.items = exec.items.filter((p) => STANZA_KEYS.includes(keyOf(yaml, p) as keyof ExecStanza));
}

function newExec(yaml: Yaml, stanza: ExecStanza): YAMLMap {
  const map = new yaml.YAMLMap();
  for (const key of STANZA_KEYS) {
    const value = key === "args"
      ? argsNode(yaml, stanza.args)
      : key === "env"
      ? envNode(yaml, stanza.env)
      : scalarNode(yaml, stanza[key]);
    map.items.push(new yaml.Pair(plainScalar(yaml, key), value));
  }
  return map;
}

/**
 * The args list. Items of the `previous` list with the same text are reused, so their
 * quoting and comments stay; the list keeps its flow or block style.
 */
function argsNode(yaml: Yaml, args: readonly string[], previous?: YAMLSeq) {
  const seq = new yaml.YAMLSeq();
  seq.flow = previous?.flow ?? false;
  const unused = [...(previous?.items ?? [])];
  for (const arg of args) {
    const at = unused.findIndex((n) => yaml.isScalar(n) && n.value === arg);
    seq.items.push(at >= 0 ? unused.splice(at, 1)[0] : safeScalar(yaml, arg));
  }
  return seq;
}

function envNode(yaml: Yaml, env: readonly ExecEnvVar[] | null) {
  if (env === null) return new yaml.Scalar(null);
  const seq = new yaml.YAMLSeq();
  for (const { name, value } of env) {
    const entry = new yaml.YAMLMap();
    entry.items.push(new yaml.Pair(plainScalar(yaml, "name"), safeScalar(yaml, name)));
    entry.items.push(new yaml.Pair(plainScalar(yaml, "value"), safeScalar(yaml, value)));
    seq.items.push(entry);
  }
  return seq;
}

function scalarNode(yaml: Yaml, value: string | boolean): Scalar {
  return typeof value === "string" ? safeScalar(yaml, value) : new yaml.Scalar(value);
}

function plainScalar(yaml: Yaml, value: string): Scalar {
  return new yaml.Scalar(value);
}

/**
 * A string scalar that every YAML reader takes as a string: quoted when YAML 1.2 (ours) or
 * YAML 1.1 (go-yaml, which kubectl uses) would read it unquoted as something else (`on`,
 * `0o17`, `1e3`, `null`).
 */
export function safeScalar(yaml: Yaml, value: string): Scalar {
  const scalar = new yaml.Scalar(value);
  if (value.includes("\n")) return scalar;
  const plainIn = (version: "1.1" | "1.2") =>
    new yaml.Document(value, { version }).toString({ lineWidth: 0 }) === `${value}\n`;
  if (!plainIn("1.1") || !plainIn("1.2")) scalar.type = "QUOTE_DOUBLE";
  return scalar;
}

function keyOf(yaml: Yaml, pair: Pair): unknown {
  return yaml.isScalar(pair.key) ? pair.key.value : pair.key;
}

function findPair(yaml: Yaml, map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => keyOf(yaml, p) === key) as Pair | undefined;
}
