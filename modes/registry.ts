/**
 * The one list of login modes. Choices, help, docs, permission flags and tests derive from it.
 *
 * Each entry names a mode and loads its descriptor lazily, so that a run loads the code of the
 * one mode it uses (kubectl runs the plugin on every command; every module costs start-up
 * time). The flags of all modes are in `mode_options.ts`, which the CLI reads without loading
 * any mode; `registry_test.ts` checks it against the descriptors.
 *
 * @module
 */

import { InputError, type ModeDescriptor } from "./types.ts";

/** A registered mode: its name, and its descriptor on demand. */
export interface ModeEntry {
  readonly name: string;
  load(): Promise<ModeDescriptor>;
}

/** Every login mode, in Azure kubelogin's order (its messages list them so), then ours. */
export const MODES: readonly ModeEntry[] = [
  { name: "devicecode", load: async () => (await import("./devicecode.ts")).devicecode },
  { name: "interactive", load: async () => (await import("./interactive.ts")).interactive },
  { name: "spn", load: async () => (await import("./spn.ts")).spn },
  { name: "ropc", load: async () => (await import("./ropc.ts")).ropc },
  { name: "msi", load: async () => (await import("./msi.ts")).msi },
  { name: "azurecli", load: async () => (await import("./azurecli.ts")).azurecli },
  { name: "azd", load: async () => (await import("./azd.ts")).azd },
  {
    name: "workloadidentity",
    load: async () => (await import("./workloadidentity.ts")).workloadidentity,
  },
  {
    name: "azurepipelines",
    load: async () => (await import("./azurepipelines.ts")).azurepipelines,
  },
  {
    name: "serviceaccount",
    load: async () => (await import("./serviceaccount.ts")).serviceaccount,
  },
];

/** Mode names, for `--login` choices and messages. */
export function modeNames(): string[] {
  return MODES.map((m) => m.name);
}

/** Azure kubelogin's error for a `--login` that names no mode. */
export function unsupportedLogin(name: string, names: readonly string[] = modeNames()): InputError {
  return new InputError(
    `'${name}' is not a supported login method. Supported method is one of ${names.join(", ")}`,
  );
}

/** The descriptor of the mode called `name`, if there is one. Loads only that mode. */
export function findMode(name: string): Promise<ModeDescriptor | undefined> {
  return MODES.find((m) => m.name === name)?.load() ?? Promise.resolve(undefined);
}

/** Every descriptor, in registry order (for help, permission flags, docs and tests). */
export function loadModes(): Promise<ModeDescriptor[]> {
  return Promise.all(MODES.map((m) => m.load()));
}
