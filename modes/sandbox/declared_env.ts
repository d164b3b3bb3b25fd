/**
 * The environment a mode's `resolve` may read: the variables of its options' env bindings and
 * those it lists in `resolveEnv`, nothing else. `resolve` runs in the host (its result shapes
 * the sandbox), so this is how the host holds it to its declaration.
 *
 * @module
 */

import type { EnvReader, ModeDescriptor } from "../types.ts";

/** The variables `mode.resolve` may read. */
export function declaredEnvNames(mode: ModeDescriptor): Set<string> {
  const names = new Set(mode.resolveEnv);
  for (const spec of mode.options) {
    for (const name of [...spec.env?.names ?? [], ...spec.env?.conditional?.names ?? []]) {
      names.add(name);
    }
  }
  return names;
}

/** An env reader for `mode.resolve` that refuses undeclared variables. Needs no permissions. */
export function declaredEnv(mode: ModeDescriptor, env: EnvReader): EnvReader {
  const allowed = declaredEnvNames(mode);
  return (name) => {
    if (!allowed.has(name)) {
      throw new Error(
        `the ${mode.name} login read the environment variable ${name}, which it does not declare (please report this as a bug)`,
      );
    }
    return env(name);
  };
}
