/**
 * Loading the `yaml` package safely. yaml reads `LOG_TOKENS` and `LOG_STREAM` on every parse
 * and, when either is set, prints its parse tokens with `console.log`, i.e. to stdout, which
 * would corrupt the ExecCredential and print the token being parsed. So whoever parses YAML
 * needs env access to these two names, and this module unsets them before handing yaml out.
 *
 * @module
 */

/** Environment variables the `yaml` package reads (declare them to use {@linkcode loadYaml}). */
export const YAML_ENV: readonly string[] = ["LOG_STREAM", "LOG_TOKENS"];

/** Imports `yaml` with its debug output switched off. Needs env access to {@linkcode YAML_ENV}. */
export async function loadYaml(): Promise<typeof import("yaml")> {
  for (const name of YAML_ENV) if (Deno.env.get(name) !== undefined) Deno.env.delete(name);
  return await import("yaml");
}
