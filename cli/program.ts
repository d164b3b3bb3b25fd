/**
 * The commander program: every command, help, usage errors. Imported only when the
 * `get-token` fast lane does not apply (see `fast_args.ts`).
 *
 * @module
 */

import { Argument, Command, CommanderError, Option } from "@commander-js/extra-typings";
import { loadModes } from "../modes/registry.ts";
import type { ModeDescriptor, OptionSpec, RawFlags } from "../modes/types.ts";
import { getTokenOptions, GLOBAL_OPTIONS } from "./common_options.ts";
import { completeCommand, completionCommand, completionHelp } from "./completion.ts";
import { COMPLETE_COMMAND, type Shell, SHELLS } from "./completion_scripts.ts";
import { convertKubeconfigCommand, convertKubeconfigOptions } from "./convert_kubeconfig.ts";
import type { Deps } from "./deps.ts";
import { errorLine } from "./errors.ts";
import { getToken } from "./get_token.ts";
import type { Logger } from "./logger.ts";
import {
  removeCacheDirCommand,
  removeCacheDirOptions,
  removeTokensOptions,
} from "./remove_cache_dir.ts";
import type { ExitCode } from "./run.ts";
import { versionText } from "./version.ts";

/** Help text of one option: its description, the modes using it, env and default. */
export function helpText(spec: OptionSpec, modes: readonly ModeDescriptor[]): string {
  const parts = [spec.description];
  const users = modes.filter((m) => m.options.includes(spec)).map((m) => m.name);
  if (users.length > 0 && users.length < modes.length) parts.push(`[${users.join(", ")}]`);
  if (spec.env) {
    const how = spec.env.overridesFlag ? "overrides the flag" : "used when the flag is absent";
    const { names, conditional } = spec.env;
    const env = names.length > 0 ? [`env ${names.join(", then ")}: ${how}`] : [];
    if (conditional) {
      env.push(names.length > 0 ? conditional.note : `env ${conditional.note}: ${how}`);
    }
    parts.push(`(${env.join("; ")})`);
  }
  if (spec.defaultText) parts.push(`(default ${spec.defaultText})`);
  return parts.join(" ");
}

function optionsOf(spec: OptionSpec, help: string): Option[] {
  const flags = `${spec.short ? `-${spec.short}, ` : ""}--${spec.long}${
    spec.value ? ` <${spec.value}>` : ""
  }`;
  const option = new Option(flags, help);
  if (spec.hidden) option.hideHelp();
  if (spec.value !== undefined) return [option];
  // pflag accepts --switch=false; it reaches commander as --no-switch (see normalizeSwitches).
  return [option, new Option(`--no-${spec.long}`).hideHelp()];
}

/**
 * Rewrites pflag spellings into forms commander understands: `--switch=true|false` and
 * `-x=value` (commander would take `=value` as the value).
 */
export function normalizeSwitches(args: readonly string[], specs: readonly OptionSpec[]): string[] {
  return args.flatMap((arg) => {
    const short = /^-([A-Za-z])=(.*)$/s.exec(arg);
    if (short && specs.some((s) => s.short === short[1] && s.value !== undefined)) {
      return [`-${short[1]}`, short[2]!];
    }
    const match = /^--([^=]+)=(true|false)$/.exec(arg);
    const spec = match && specs.find((s) => s.long === match[1] && s.value === undefined);
    if (!match || !spec) return [arg];
    return [match[2] === "true" ? `--${spec.long}` : `--no-${spec.long}`];
  });
}

/** Flags given on the command line, by long name (values commander did not default). */
function givenFlags(cmd: Command<[], Record<string, unknown>>, specs: readonly OptionSpec[]) {
  const flags: Record<string, string | boolean> = {};
  const values = cmd.opts();
  for (const spec of specs) {
    const key = new Option(`--${spec.long}`).attributeName();
    const value = values[key];
    if (
      cmd.getOptionValueSource(key) === "cli" &&
      (typeof value === "string" || typeof value === "boolean")
    ) {
      flags[spec.long] = value;
    }
  }
  return flags;
}

/** What the commands do with their parsed flags. */
export interface CommandHandlers {
  getToken(flags: RawFlags): Promise<void>;
  convertKubeconfig(flags: RawFlags): Promise<void>;
  /** `remove-cache-dir`, or with `deprecated` its old name `remove-tokens`. */
  removeCacheDir(flags: RawFlags, deprecated: boolean): void | Promise<void>;
  /** Prints the completion script of `shell` for the program called `name`. */
  completion(shell: Shell, name: string): void | Promise<void>;
}

/**
 * Builds the program; each handler receives its command's parsed flags. `modes` (every
 * descriptor, from `loadModes()`) annotates the help of each flag with the modes that read it.
 */
export function buildProgram(
  deps: Deps,
  handlers: CommandHandlers,
  modes: readonly ModeDescriptor[],
) {
  const toOptions = (spec: OptionSpec) => optionsOf(spec, helpText(spec, modes));
  const program = new Command("kubelogin")
    .description("Kubernetes exec credential plugin: Azure kubelogin's login modes, and more")
    .version(versionText(), "--version", "print the version")
    .helpOption("-h, --help", "show help")
    .configureOutput({
      writeOut: deps.stdout,
      writeErr: deps.stderr,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .exitOverride();
  for (const spec of GLOBAL_OPTIONS) for (const o of toOptions(spec)) program.addOption(o);

  const specs = getTokenOptions();
  const getTokenCommand = program.command("get-token")
    .description(
      "print an ExecCredential with a token for kubectl (run by kubectl as an exec plugin)",
    )
    .exitOverride();
  for (const spec of specs) for (const o of toOptions(spec)) getTokenCommand.addOption(o);
  const globals = () =>
    givenFlags(program as unknown as Command<[], Record<string, unknown>>, GLOBAL_OPTIONS);
  getTokenCommand.action(async (_opts, cmd) => {
    await handlers.getToken({ ...globals(), ...givenFlags(cmd, specs) });
  });

  const convertSpecs = convertKubeconfigOptions();
  const convertCommand = program.command("convert-kubeconfig")
    .description("convert kubeconfig users to the exec stanza of a login mode (in place)")
    .exitOverride();
  for (const spec of convertSpecs) for (const o of toOptions(spec)) convertCommand.addOption(o);
  convertCommand.action(async (_opts, cmd) => {
    await handlers.convertKubeconfig({ ...globals(), ...givenFlags(cmd, convertSpecs) });
  });

  for (const deprecated of [false, true]) {
    const specs = deprecated ? removeTokensOptions() : removeCacheDirOptions();
    const removeCommand = deprecated
      ? program.command("remove-tokens", { hidden: true })
        .description("deprecated: use remove-cache-dir")
      : program.command("remove-cache-dir")
        .description(
          "delete the cached tokens (only files kubelogin created), then the empty directory",
        );
    removeCommand.exitOverride();
    for (const spec of specs) for (const o of toOptions(spec)) removeCommand.addOption(o);
    removeCommand.action(async (_opts, cmd) => {
      await handlers.removeCacheDir({ ...globals(), ...givenFlags(cmd, specs) }, deprecated);
    });
  }

  program.command("completion")
    .description("print a shell completion script")
    .addArgument(new Argument("<shell>", "the shell to complete in").choices(SHELLS))
    .addHelpText("after", completionHelp(program.name()))
    .exitOverride()
    .action(async (shell) => {
      await handlers.completion(shell, program.name());
    });
  return program;
}

/**
 * Runs the commander program. Help and version go to stdout and exit 0; usage errors are
 * printed by commander and exit 2; errors of a command propagate to the caller.
 */
export async function runProgram(
  args: readonly string[],
  deps: Deps,
  log: Logger,
): Promise<ExitCode> {
  const program = buildProgram(
    // commander's usage errors come as two lines (the error, then "Did you mean …?"): one line.
    { ...deps, stderr: (text) => log.line(errorLine(text)) },
    {
      getToken: (flags) => getToken(flags, deps, log),
      convertKubeconfig: (flags) => convertKubeconfigCommand(flags, deps, log),
      removeCacheDir: (flags, deprecated) => removeCacheDirCommand(flags, deps, log, deprecated),
      completion: (shell, name) => completionCommand(shell, name, deps),
    },
    await loadModes(),
  );
  if (args[0] === COMPLETE_COMMAND) {
    await completeCommand(program, args.slice(1), deps);
    return 0;
  }
  if (args.length === 0) {
    deps.stdout(program.helpInformation());
    return 0;
  }
  try {
    await program.parseAsync(normalizeSwitches(args, getTokenOptions()), { from: "user" });
    return 0;
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    return err.exitCode === 0 ? 0 : 2;
  }
}
