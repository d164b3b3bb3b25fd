/**
 * The one list of login modes. Choices, help, docs, permission flags and tests derive from it.
 *
 * Importing this module imports every descriptor, which must stay cheap: heavy libraries are
 * imported inside `acquire`, so a cache hit never loads them.
 *
 * @module
 */

import { msi } from "./msi.ts";
import { serviceaccount } from "./serviceaccount.ts";
import { azd } from "./azd.ts";
import { azurecli } from "./azurecli.ts";
import { azurepipelines } from "./azurepipelines.ts";
import { spn } from "./spn.ts";
import { workloadidentity } from "./workloadidentity.ts";
import type { ModeDescriptor, OptionSpec } from "./types.ts";

/** Every login mode, in the order help lists them. */
export const MODES: readonly ModeDescriptor[] = [
  spn,
  msi,
  workloadidentity,
  azurecli,
  azd,
  azurepipelines,
  serviceaccount,
];

/** The mode called `name`, if there is one. */
export function findMode(name: string): ModeDescriptor | undefined {
  return MODES.find((m) => m.name === name);
}

/** Mode names, for `--login` choices and messages. */
export function modeNames(): string[] {
  return MODES.map((m) => m.name);
}

/** Every mode option, once each (modes share option objects), in first-seen order. */
export function modeOptions(): OptionSpec[] {
  const seen = new Map<string, OptionSpec>();
  for (const mode of MODES) {
    for (const spec of mode.options) if (!seen.has(spec.long)) seen.set(spec.long, spec);
  }
  return [...seen.values()];
}
