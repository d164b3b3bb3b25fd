/**
 * `run(args, deps)`: the whole CLI as a function that returns the exit code. Only `main.ts`
 * exits the process.
 *
 * @module
 */

import { getTokenOptions } from "./common_options.ts";
import type { Deps } from "./deps.ts";
import { errorLine } from "./errors.ts";
import { parseGetTokenFast } from "./fast_args.ts";
import { getToken } from "./get_token.ts";
import { Logger } from "./logger.ts";

/** Exit codes: 0 success, 1 failure, 2 usage error. */
export type ExitCode = 0 | 1 | 2;

/**
 * Runs the CLI. Prints errors as one `error: …` line on stderr; stdout is written only with a
 * result. Needs the permissions of the chosen command and login mode.
 */
export async function run(args: readonly string[], deps: Deps): Promise<ExitCode> {
  const log = new Logger(deps.stderr);
  try {
    const flags = parseGetTokenFast(args, getTokenOptions());
    if (flags !== undefined) {
      await getToken(flags, deps, log);
      return 0;
    }
    const { runProgram } = await import("./program.ts");
    return await runProgram(args, deps, log);
  } catch (err) {
    log.line(`error: ${errorLine(err)}`);
    return err instanceof Error && err.name === "UsageError" ? 2 : 1;
  }
}
