/**
 * Kubeconfig files as `kubectl` finds them (`--kubeconfig`, else `$KUBECONFIG`, else
 * `~/.kube/config`), parsed into `yaml` documents that keep comments and layout, and the users
 * and contexts in them with client-go's merge rule (the first file that names one wins).
 *
 * @module
 */

import type { Document, Pair, YAMLMap, YAMLSeq } from "yaml";
import { type EnvReader, InputError } from "../modes/types.ts";
import type { loadYaml } from "./yaml.ts";
import { describeFsError } from "../lib/fs_error.ts";

export type Yaml = Awaited<ReturnType<typeof loadYaml>>;

export const KUBECONFIG_ENV = "KUBECONFIG";

/** Which files to load, and whether a missing one is an error (only when named by a flag). */
export interface KubeconfigPaths {
  readonly paths: readonly string[];
  readonly explicit: boolean;
}

/**
 * The kubeconfig files: `flag`, else the `$KUBECONFIG` list (`:`-separated, `;` on Windows;
 * empty entries and repeats dropped), else `~/.kube/config`. Needs no permissions.
 */
export function kubeconfigPaths(flag: string | undefined, env: EnvReader): KubeconfigPaths {
  if (flag) return { paths: [flag], explicit: true };
  const list = env(KUBECONFIG_ENV);
  if (list) {
    const separator = Deno.build.os === "windows" ? ";" : ":";
    const paths = [...new Set(list.split(separator).filter((p) => p !== ""))];
    if (paths.length > 0) return { paths, explicit: false };
  }
  const home = env("HOME") || env("USERPROFILE");
  if (!home) {
    throw new InputError(
      "cannot find the home directory for the kubeconfig: set HOME or use --kubeconfig",
    );
  }
  return { paths: [`${home.replace(/[\\/]+$/, "")}/.kube/config`], explicit: false };
}

/** One parsed kubeconfig file. */
export interface KubeconfigFile {
  readonly path: string;
  readonly source: string;
  readonly doc: Document.Parsed;
}

/**
 * Reads and parses the files; a missing file is skipped unless `explicit`. Needs read access
 * to the files.
 *
 * @throws {InputError} for an unreadable file, or one that is not a YAML kubeconfig
 */
export async function readKubeconfigs(
  yaml: Yaml,
  { paths, explicit }: KubeconfigPaths,
): Promise<KubeconfigFile[]> {
  const files: KubeconfigFile[] = [];
  for (const path of paths) {
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(path);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound && !explicit) continue;
      throw new InputError(
        `cannot read kubeconfig ${JSON.stringify(path)}: ${describeFsError(err)}`,
        {
          cause: err,
        },
      );
    }
    files.push(parseKubeconfig(yaml, path, bytes));
  }
  return files;
}

/**
 * Parses one kubeconfig. The error names the file and the position of the first problem,
 * never the file's content (it may hold tokens).
 */
export function parseKubeconfig(yaml: Yaml, path: string, bytes: Uint8Array): KubeconfigFile {
  const fail = (why: string): never => {
    throw new InputError(`cannot parse kubeconfig ${JSON.stringify(path)}: ${why}`);
  };
  let source = "";
  try {
    source = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    fail("it is not UTF-8 text");
  }
  const doc = yaml.parseDocument(source, { uniqueKeys: true });
  const first = doc.errors[0];
  // Only the first line: the rest is a code frame that quotes the file (tokens, keys).
  if (first) fail(first.message.split("\n")[0]!.replace(/:$/, ""));
  const root = doc.contents;
  if (root !== null && !yaml.isMap(root) && !isEmptyScalar(yaml, root)) {
    fail("it is not a YAML mapping");
  }
  for (const key of ["users", "contexts"]) {
    const list = yaml.isMap(root) ? root.get(key, true) : undefined;
    if (list !== undefined && !yaml.isSeq(list) && !isEmptyScalar(yaml, list)) {
      fail(`"${key}" is not a list`);
    }
  }
  return { path, source, doc };
}

function isEmptyScalar(yaml: Yaml, node: unknown): boolean {
  return yaml.isScalar(node) && (node.value === null || node.value === "");
}

/** A named user entry of a kubeconfig: `{name, user}` in the `users` list. */
export interface UserEntry {
  readonly file: KubeconfigFile;
  readonly name: string;
  /** The `users` list item (a mapping with `name` and `user`). */
  readonly item: YAMLMap;
  /** The `users` pair of the document, for layout detection. */
  readonly listPair: Pair;
}

/** Users of the files by name; a name in several files belongs to the first (client-go). */
export function usersByName(yaml: Yaml, files: readonly KubeconfigFile[]): Map<string, UserEntry> {
  const users = new Map<string, UserEntry>();
  for (const file of files) {
    const root = file.doc.contents;
    if (!yaml.isMap(root)) continue;
    const listPair = root.items.find((p) => yaml.isScalar(p.key) && p.key.value === "users");
    if (!listPair || !yaml.isSeq(listPair.value)) continue;
    for (const item of (listPair.value as YAMLSeq).items) {
      if (!yaml.isMap(item)) continue;
      const name = item.get("name");
      if (typeof name !== "string" || users.has(name)) continue;
      users.set(name, { file, name, item, listPair });
    }
  }
  return users;
}

/** The user name of each context (`""` when it names none); the first file wins. */
export function contextUsers(yaml: Yaml, files: readonly KubeconfigFile[]): Map<string, string> {
  const contexts = new Map<string, string>();
  for (const file of files) {
    const root = file.doc.contents;
    const list = yaml.isMap(root) ? root.get("contexts", true) : undefined;
    if (!yaml.isSeq(list)) continue;
    for (const item of list.items) {
      if (!yaml.isMap(item)) continue;
      const name = item.get("name");
      if (typeof name !== "string" || contexts.has(name)) continue;
      const context = item.get("context", true);
      const user = yaml.isMap(context) ? context.get("user") : undefined;
      contexts.set(name, typeof user === "string" ? user : "");
    }
  }
  return contexts;
}
