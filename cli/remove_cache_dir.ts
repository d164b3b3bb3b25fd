/**
 * The `remove-cache-dir` command, and `remove-tokens`, its deprecated name from Azure
 * kubelogin: delete the cached tokens, and only them (see `remove_cache_files.ts`).
 *
 * @module
 */

import { joinPath } from "../cache/cache_files.ts";
import { stringFlag } from "../modes/raw_flags.ts";
import type { OptionSpec, RawFlags } from "../modes/types.ts";
import { cacheDirOption, GLOBAL_OPTIONS, tokenCacheDirOption } from "./common_options.ts";
import { parseVerbosity, resolveCacheDir } from "./common_settings.ts";
import type { Deps } from "./deps.ts";
import { errorLine } from "./errors.ts";
import type { Logger } from "./logger.ts";
import { type LeftEntry, removeCacheFiles, type RemoveReport } from "./remove_cache_files.ts";

/** Names listed in the report before "and N more". */
const MAX_NAMES = 10;

/** Flags of `remove-cache-dir` (`--token-cache-dir` accepted, hidden, as in `get-token`). */
export function removeCacheDirOptions(): OptionSpec[] {
  return [cacheDirOption, tokenCacheDirOption, ...GLOBAL_OPTIONS];
}

/** Flags of `remove-tokens`: kubelogin's `--token-cache-dir` is its documented flag. */
export function removeTokensOptions(): OptionSpec[] {
  const tokenCacheDir = { ...cacheDirOption, long: tokenCacheDirOption.long };
  return [tokenCacheDir, cacheDirOption, ...GLOBAL_OPTIONS];
}

/**
 * Runs `remove-cache-dir` (or `remove-tokens` with `deprecated`). Prints nothing on stdout;
 * one line on stderr saying what was removed and what was left (each file at `-v 1`). Needs
 * read and write permission for the cache directory and env access to `KUBECACHEDIR`, `HOME`.
 *
 * @throws {Error} `unable to delete authentication record cache in "<dir>": <cause>`
 */
export function removeCacheDirCommand(
  flags: RawFlags,
  deps: Deps,
  log: Logger,
  deprecated = false,
): void {
  log.verbosity = parseVerbosity(stringFlag(flags, "v"));
  if (deprecated) log.warn("remove-tokens is deprecated: use remove-cache-dir");
  const dir = resolveCacheDir(flags, deps.env);
  let report: RemoveReport;
  try {
    report = removeCacheFiles(dir);
  } catch (err) {
    throw new Error(
      `unable to delete authentication record cache in ${JSON.stringify(dir)}: ${errorLine(err)}`,
      { cause: err },
    );
  }
  for (const name of report.removed) {
    log.v(1, () => `removed ${JSON.stringify(joinPath(dir, name))}`);
  }
  log.line(describeRemoval(dir, report));
}

/** The one-line summary of a removal. */
export function describeRemoval(dir: string, report: RemoveReport): string {
  const where = JSON.stringify(dir);
  if (report.missing) return `nothing to remove: ${where} does not exist`;
  const n = report.removed.length;
  const files = `${n} cache file${n === 1 ? "" : "s"}`;
  if (report.dirRemoved) {
    return n === 0
      ? `removed the empty directory ${where}`
      : `removed ${files} and the directory ${where}`;
  }
  const done = n === 0 ? `no cache files in ${where}` : `removed ${files} from ${where}`;
  const left = report.left.length;
  if (left === 0) return `${done}; kept the directory: it is a symbolic link`;
  const names = report.left.slice(0, MAX_NAMES).map(label);
  if (left > MAX_NAMES) names.push(`and ${left - MAX_NAMES} more`);
  return `${done}; left ${left} file${left === 1 ? "" : "s"} that kubelogin did not create: ${
    names.join(", ")
  }`;
}

function label(entry: LeftEntry): string {
  switch (entry.kind) {
    case "directory":
      return `${entry.name}/`;
    case "symlink":
      return `${entry.name} (symlink)`;
    case "other":
      return `${entry.name} (special file)`;
    default:
      return entry.name;
  }
}
