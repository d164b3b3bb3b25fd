/**
 * Loading the `yaml` package safely. When parsing, yaml reads `LOG_TOKENS` and `LOG_STREAM`
 * from `process.env` and, when either is set, prints its parse tokens with `console.log`: to
 * stdout, where they would corrupt the ExecCredential and show the token being parsed. The
 * parse functions handed out here run with an empty `process.env`, so the switches are inert
 * and parsing needs no environment permission at all.
 *
 * @module
 */

type YamlModule = typeof import("yaml");

/** Imports `yaml`, with `parse` and `parseDocument` quieted. Needs no permissions. */
export async function loadYaml(): Promise<YamlModule> {
  const yaml = await import("yaml");
  const { default: process } = await import("node:process");
  const quiet = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A): R => {
    const env = process.env;
    process.env = {};
    try {
      return fn(...args);
    } finally {
      process.env = env;
    }
  };
  return {
    ...yaml,
    parse: quiet(yaml.parse) as YamlModule["parse"],
    parseDocument: quiet(yaml.parseDocument) as YamlModule["parseDocument"],
    parseAllDocuments: quiet(yaml.parseAllDocuments) as YamlModule["parseAllDocuments"],
  };
}
