/**
 * The engine behind shell completion: `kubelogin __complete <word>… <current word>` prints one
 * candidate per line (`value<TAB>description`), then a line saying what the shell should do
 * besides: `:none`, `:files` or `:dirs`. The shell scripts (`completion_scripts.ts`) only call
 * it and show the result, so they stay small and always agree with the binary.
 *
 * Commands and flags come from the built commander program, so new ones appear by
 * themselves. Flag values come from `flag_values.ts`, else from an option's commander choices;
 * options whose value is a `<file>`/`<path>` or a `<dir>` complete file or directory names.
 *
 * @module
 */

import type { CommandUnknownOpts, Option } from "@commander-js/extra-typings";
import type { EnvReader } from "../modes/types.ts";
import { type Candidate, flagValues, type GivenFlags, plain } from "./flag_values.ts";

export type { Candidate } from "./flag_values.ts";

/** What the shell completes itself when there are no candidates. */
export type CompletionKind = "none" | "files" | "dirs";

export interface Completion {
  readonly candidates: readonly Candidate[];
  readonly kind: CompletionKind;
}

/**
 * Completes `words` (the arguments after the program name; the last is the word being typed,
 * possibly empty). Never throws for bad input: anything it cannot read yields no candidates.
 * Needs read access to the kubeconfig and env access to `KUBECONFIG` and `HOME`
 * when completing `--context`; nothing otherwise.
 */
export async function complete(
  program: CommandUnknownOpts,
  words: readonly string[],
  env: EnvReader,
): Promise<Completion> {
  // PowerShell before 7.3 cannot pass an empty argument; its script sends `""` instead.
  const last = words.at(-1) ?? "";
  const current = last === '""' ? "" : last;
  const line = walk(program, words.slice(0, -1));
  const { cmd, given } = line;

  if (line.pending) return await optionValues(line.pending, current, "", env, given);
  if (!line.afterDashDash && current.startsWith("--") && current.includes("=")) {
    const eq = current.indexOf("=");
    const option = findOption(cmd, current.slice(0, eq));
    if (option === undefined || !takesValue(option)) return none();
    return await optionValues(option, current.slice(eq + 1), current.slice(0, eq + 1), env, given);
  }
  if (!line.afterDashDash && current.startsWith("-")) return filtered(flags(cmd, given), current);

  const help = cmd.createHelp();
  if (line.helpFor) {
    const names = help.visibleCommands(line.helpFor).filter((c) => !isHelpCommand(c));
    return filtered(names.map(commandCandidate), current);
  }
  const subcommands = help.visibleCommands(cmd);
  if (subcommands.length > 0 && line.positional === 0) {
    return filtered(subcommands.map(commandCandidate), current);
  }
  const args = cmd.registeredArguments;
  const arg = args[line.positional] ?? (args.at(-1)?.variadic ? args.at(-1) : undefined);
  if (arg?.argChoices) return filtered(plain(arg.argChoices), current);
  // A command without operands takes only flags: offer them rather than nothing.
  if (args.length === 0 && subcommands.length === 0 && current === "") {
    return filtered(flags(cmd, given), current);
  }
  return none();
}

/** The completion as the scripts read it. */
export function formatCompletion(completion: Completion): string {
  const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
  const lines = completion.candidates.map(({ value, description }) =>
    description ? `${value}\t${oneLine(description)}` : value
  );
  return [...lines, `:${completion.kind}`].join("\n") + "\n";
}

interface Line {
  /** The innermost command named on the line. */
  readonly cmd: CommandUnknownOpts;
  /** Options given, by attribute name, with their values (`true` for a switch). */
  readonly given: Map<string, string | true>;
  /** An option whose value is the current word. */
  readonly pending: Option | undefined;
  /** Operands given to `cmd` so far. */
  readonly positional: number;
  readonly afterDashDash: boolean;
  /** Set after the implicit `help` command: the command whose subcommands it takes. */
  readonly helpFor: CommandUnknownOpts | undefined;
}

/** Reads the words before the current one as commander would. */
function walk(program: CommandUnknownOpts, words: readonly string[]): Line {
  let cmd = program;
  const given = new Map<string, string | true>();
  let pending: Option | undefined;
  let positional = 0;
  let afterDashDash = false;
  let helpFor: CommandUnknownOpts | undefined;
  for (const word of words) {
    if (pending) {
      given.set(pending.attributeName(), word);
      pending = undefined;
    } else if (!afterDashDash && word === "--") {
      afterDashDash = true;
    } else if (!afterDashDash && word.startsWith("-") && word !== "-") {
      const long = word.startsWith("--");
      const eq = long ? word.indexOf("=") : -1;
      const option = findOption(cmd, eq < 0 ? (long ? word : word.slice(0, 2)) : word.slice(0, eq));
      if (option === undefined) continue;
      const inline = eq >= 0 ? word.slice(eq + 1) : !long && word.length > 2 ? word.slice(2) : "";
      if (!takesValue(option)) given.set(option.attributeName(), true);
      else if (inline !== "") given.set(option.attributeName(), inline);
      else pending = option;
    } else if (positional === 0 && !helpFor) {
      const sub = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
      if (sub) {
        cmd = sub;
      } else if (word === "help" && cmd.createHelp().visibleCommands(cmd).some(isHelpCommand)) {
        helpFor = cmd;
      } else {
        positional++;
      }
    } else {
      positional++;
    }
  }
  return { cmd, given, pending, positional, afterDashDash, helpFor };
}

const isHelpCommand = (c: CommandUnknownOpts) => c.name() === "help";

/** The command and its ancestors, innermost first. */
function lineage(cmd: CommandUnknownOpts): CommandUnknownOpts[] {
  const chain: CommandUnknownOpts[] = [];
  for (let c: CommandUnknownOpts | null = cmd; c; c = c.parent) chain.push(c);
  return chain;
}

/** An option of `cmd` or an ancestor (commander accepts program options anywhere). */
function findOption(cmd: CommandUnknownOpts, flag: string): Option | undefined {
  for (const c of lineage(cmd)) {
    const found = c.options.find((o) => o.long === flag || o.short === flag);
    if (found) return found;
  }
  return undefined;
}

function takesValue(option: Option): boolean {
  return option.required || option.optional;
}

/** Visible flags of `cmd` and the program's own flags, minus those already given. */
function flags(cmd: CommandUnknownOpts, given: GivenFlags): Candidate[] {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const [i, c] of lineage(cmd).entries()) {
    for (const option of c.createHelp().visibleOptions(c)) {
      const isOwn = i === 0;
      if (!isOwn && ["--help", "--version"].includes(option.long ?? "")) continue;
      if (given.has(option.attributeName())) continue;
      const description = shortDescription(option.description);
      for (const flag of [option.long, option.short]) {
        if (flag && !seen.has(flag)) {
          seen.add(flag);
          candidates.push({ value: flag, description });
        }
      }
    }
  }
  return candidates;
}

async function optionValues(
  option: Option,
  partial: string,
  prefix: string,
  env: EnvReader,
  given: GivenFlags,
): Promise<Completion> {
  const long = option.long?.replace(/^--/, "") ?? "";
  let values = await flagValues(long, env, given);
  if (values === undefined && option.argChoices) values = plain(option.argChoices);
  if (values) {
    const withPrefix = values.map((c) => ({ ...c, value: prefix + c.value }));
    return filtered(withPrefix, prefix + partial);
  }
  const placeholder = /<([^>]+)>/.exec(option.flags)?.[1];
  if (placeholder === "file" || placeholder === "path") return { candidates: [], kind: "files" };
  if (placeholder === "dir") return { candidates: [], kind: "dirs" };
  return none();
}

function commandCandidate(cmd: CommandUnknownOpts): Candidate {
  return { value: cmd.name(), description: cmd.description() };
}

/** The description without the help's annotations (modes, env, default). */
function shortDescription(text: string): string {
  return text.split(/ \[| \((?:env|default) /)[0]!;
}

function filtered(candidates: readonly Candidate[], prefix: string): Completion {
  return { candidates: candidates.filter((c) => c.value.startsWith(prefix)), kind: "none" };
}

function none(): Completion {
  return { candidates: [], kind: "none" };
}
