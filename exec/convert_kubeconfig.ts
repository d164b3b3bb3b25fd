/**
 * `convert-kubeconfig` (SPEC section 7): rewrites the kubeconfig users that use Azure's legacy
 * `auth-provider` or a `kubelogin` exec command into the exec stanza of one login mode. The mode's
 * own convert rule (its descriptor's `convert`) chooses the `get-token` arguments.
 *
 * All or nothing: every selected user is converted in memory first; if one fails, no file is
 * written. Each changed file is written atomically with its mode; other files are not touched.
 *
 * @module
 */

import { findMode, modeNames, unsupportedLogin } from "../modes/registry.ts";
import { type ConvertRule, InputError, type RawFlags } from "../modes/types.ts";
import { convertInput, isConvertible, userSettings } from "./convert_input.ts";
import { applyExecStanza, execStanza } from "./exec_stanza.ts";
import {
  contextUsers,
  type KubeconfigFile,
  type KubeconfigPaths,
  readKubeconfigs,
  type UserEntry,
  usersByName,
  type Yaml,
} from "./kubeconfig.ts";
import { detectLayout, type Edit, renderWithEdits } from "./render_with_edits.ts";
import { writeFileAtomic } from "./write_file_atomic.ts";
import { lockKubeconfigs } from "./kubeconfig_lock.ts";
import { loadYaml } from "./yaml.ts";

/** What conversion needs of a login mode. */
export interface ConvertTarget {
  readonly name: string;
  readonly convert: ConvertRule;
}

/** How conversion finds login modes; the registry unless a test says otherwise. */
export interface ModeLookup {
  find(name: string): ConvertTarget | undefined | Promise<ConvertTarget | undefined>;
  names(): readonly string[];
}

export const REGISTRY_LOOKUP: ModeLookup = { find: findMode, names: modeNames };

export interface ConvertRequest {
  /** The login mode to convert to (`--login`, `AAD_LOGIN_METHOD` or the default). */
  readonly login: string;
  /** The flags given on the command line, by long name. */
  readonly flags: RawFlags;
  readonly kubeconfig: KubeconfigPaths;
  /** Convert only this context's user. */
  readonly context?: string | undefined;
  /** Long names of one-letter flags, to read `-t tenant` in existing args. */
  readonly shortNames?: ReadonlyMap<string, string>;
}

export interface ConvertReport {
  /** Users converted, in file order. */
  readonly converted: readonly { readonly user: string; readonly path: string }[];
  /** Files written. */
  readonly written: readonly string[];
}

/**
 * Converts the kubeconfig. Needs read access to the kubeconfig files, write access to their
 * directories (each is locked with `<file>.lock` meanwhile, and a temporary file is renamed
 * over each changed one).
 *
 * @throws {InputError} for an unknown mode or context, an unreadable or malformed file, or a
 *   user that cannot be converted (named in the message); nothing is written then
 */
export async function convertKubeconfig(
  request: ConvertRequest,
  lookup: ModeLookup = REGISTRY_LOOKUP,
): Promise<ConvertReport> {
  const target = await lookup.find(request.login);
  if (target === undefined) throw unsupportedLogin(request.login, lookup.names());
  const yaml = await loadYaml();
  const unlock = await lockKubeconfigs(request.kubeconfig.paths);
  try {
    return await convertLocked(yaml, target, request);
  } finally {
    await unlock();
  }
}

/** The conversion itself, with the kubeconfig files locked. */
async function convertLocked(
  yaml: Yaml,
  target: ConvertTarget,
  request: ConvertRequest,
): Promise<ConvertReport> {
  const files = await readKubeconfigs(yaml, request.kubeconfig);
  const selected = selectUsers(yaml, files, request.context);

  const edits = new Map<KubeconfigFile, Edit[]>();
  const converted: { user: string; path: string }[] = [];
  for (const entry of selected) {
    const userPair = entry.item.items.find((p) => yaml.isScalar(p.key) && p.key.value === "user");
    if (!userPair || !yaml.isMap(userPair.value)) continue;
    const settings = userSettings(userPair.value.toJS(entry.file.doc));
    if (!isConvertible(settings)) continue;
    let stanza;
    try {
      const output = await target.convert(
        convertInput(request.flags, settings, request.shortNames),
      );
      stanza = execStanza(target.name, output, settings.exec?.installHint);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      throw new InputError(
        `cannot convert user ${JSON.stringify(entry.name)} in ${
          JSON.stringify(entry.file.path)
        }: ${err.message}`,
        { cause: err },
      );
    }
    const layout = detectLayout(yaml, entry.file.source, userPair, entry.listPair);
    applyExecStanza(yaml, userPair.value, stanza);
    const list = edits.get(entry.file) ?? [];
    list.push({ node: userPair.value, layout });
    edits.set(entry.file, list);
    converted.push({ user: entry.name, path: entry.file.path });
  }

  const outputs = [...edits].map(([file, list]) => ({
    file,
    text: checkedRendering(yaml, file, list),
  }));
  const written: string[] = [];
  for (const { file, text } of outputs) {
    try {
      await writeFileAtomic(file.path, text);
      written.push(file.path);
    } catch (err) {
      const before = written.length
        ? ` (already written: ${written.map((p) => JSON.stringify(p)).join(", ")})`
        : "";
      throw new InputError(
        `cannot write kubeconfig ${JSON.stringify(file.path)}: ${(err as Error).message}${before}`,
        { cause: err },
      );
    }
  }
  return { converted, written: outputs.map((o) => o.file.path) };
}

/** The users to convert: the context's user, or every user (first file wins a name). */
function selectUsers(
  yaml: Yaml,
  files: readonly KubeconfigFile[],
  context: string | undefined,
): UserEntry[] {
  const users = usersByName(yaml, files);
  if (context === undefined || context === "") return [...users.values()];
  const userName = contextUsers(yaml, files).get(context);
  if (userName === undefined) {
    throw new InputError(`no context exists with the name: ${JSON.stringify(context)}`);
  }
  if (userName === "") throw new InputError(`context ${JSON.stringify(context)} names no user`);
  const user = users.get(userName);
  if (user === undefined) {
    throw new InputError(
      `context ${JSON.stringify(context)} names user ${
        JSON.stringify(userName)
      }, which does not exist`,
    );
  }
  return [user];
}

/**
 * The file's new text, checked by parsing it back: it must hold exactly the edited document.
 * A mismatch is a bug here, and must not reach the user's file.
 */
function checkedRendering(yaml: Yaml, file: KubeconfigFile, edits: readonly Edit[]): string {
  const fail = (why: string): never => {
    throw new InputError(
      `cannot convert kubeconfig ${JSON.stringify(file.path)}: ${why}; nothing was written`,
    );
  };
  let expected = "";
  try {
    expected = JSON.stringify(file.doc.toJS());
  } catch (err) {
    // e.g. an alias elsewhere in the file to an anchor inside the replaced args
    fail((err as Error).message.split("\n")[0]!);
  }
  const readsBack = (text: string) => {
    const back = yaml.parseDocument(text, { uniqueKeys: true });
    return back.errors.length === 0 && JSON.stringify(back.toJS()) === expected;
  };
  for (const tidy of [true, false]) {
    let text = "";
    try {
      text = renderWithEdits(yaml, file.source, edits, tidy);
    } catch (err) {
      fail((err as Error).message.split("\n")[0]!); // e.g. an alias to an anchor outside the user
    }
    if (readsBack(text)) return text;
  }
  return fail("internal error: the new text does not read back as the converted kubeconfig");
}
