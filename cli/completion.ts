/**
 * The `completion <shell>` command, and the hidden `__complete` command its scripts call.
 *
 * @module
 */

import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { complete, formatCompletion } from "./complete.ts";
import { completionScript, type Shell } from "./completion_scripts.ts";
import type { Deps } from "./deps.ts";

/** How to load the script, for `completion --help` (docs/commands/completion.md has more). */
export function completionHelp(name: string): string {
  return `
Load completion in the current shell:
  bash        source <(${name} completion bash)
  zsh         source <(${name} completion zsh)      (after compinit)
  fish        ${name} completion fish | source
  powershell  ${name} completion powershell | Out-String | Invoke-Expression
Add the line to ~/.bashrc, ~/.zshrc, ~/.config/fish/config.fish or $PROFILE to keep it.
`;
}

/** Prints the completion script of `shell` on stdout. Needs no permissions. */
export function completionCommand(shell: Shell, name: string, deps: Deps): void {
  deps.stdout(completionScript(shell, name));
}

/**
 * `__complete <word>… <current>`: prints the candidates for the current word on stdout, and
 * nothing else, ever (errors mean no candidates). Needs read access to the kubeconfig files
 * and env access to `KUBECONFIG` and `HOME` when completing `--context`.
 */
export async function completeCommand(
  program: CommandUnknownOpts,
  words: readonly string[],
  deps: Deps,
): Promise<void> {
  deps.stdout(formatCompletion(await complete(program, words, deps.env)));
}
