/**
 * The shell completion scripts. Each one asks the binary that the user typed (the first word
 * of the command line) for candidates with the hidden `__complete` command (see `complete.ts`)
 * and shows them; it knows nothing about commands, flags or values itself.
 *
 * @module
 */

/** The shells `kubelogin completion` writes a script for. */
export const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;
export type Shell = typeof SHELLS[number];

/** The hidden command the scripts call. */
export const COMPLETE_COMMAND = "__complete";

/** The completion script for `shell`, registering completion for the command `name`. */
export function completionScript(shell: Shell, name: string): string {
  const fn = `__${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
  switch (shell) {
    case "bash":
      return bash(name, fn);
    case "zsh":
      return zsh(name);
    case "fish":
      return fish(name, fn);
    case "powershell":
      return powershell(name);
  }
}

function bash(name: string, fn: string): string {
  return `# bash completion for ${name}; load it with: source <(${name} completion bash)

# COMP_WORDS is split at COMP_WORDBREAKS, which holds = and : (--login=spn, arn:aws:...).
# Join the pieces that were typed without blanks between them, from COMP_LINE.
${fn}_words() {
    local rest="\${COMP_LINE:0:COMP_POINT}" word i
    [[ -n \${COMP_LINE-} ]] || rest="\${COMP_WORDS[*]:0:COMP_CWORD+1}"
    ${fn}_args=()
    for ((i = 0; i <= COMP_CWORD; i++)); do
        word=\${COMP_WORDS[i]}
        if ((i > 0)) && [[ -n $rest && $rest != [[:space:]]* ]]; then
            ${fn}_args[\${#${fn}_args[@]}-1]+=$word
        else
            ${fn}_args+=("$word")
        fi
        rest=\${rest#"\${rest%%[![:space:]]*}"}
        rest=\${rest#"$word"}
    done
}

${fn}_complete() {
    local -a ${fn}_args
    ${fn}_words
    local cmd=\${${fn}_args[0]} cur=\${${fn}_args[\${#${fn}_args[@]}-1]}
    [[ $cmd == "~/"* ]] && cmd=$HOME/\${cmd:2}
    local out line kind=:none brk="" breaks=""
    out=$("$cmd" ${COMPLETE_COMMAND} "\${${fn}_args[@]:1}" 2>/dev/null) || return 0
    # Readline replaces only the text after the last word break in the current word.
    [[ $COMP_WORDBREAKS == *=* ]] && breaks+="="
    [[ $COMP_WORDBREAKS == *:* ]] && breaks+=":"
    [[ -n $breaks && $cur == *[$breaks]* ]] && brk=\${cur%"\${cur##*[$breaks]}"}
    COMPREPLY=()
    while IFS= read -r line; do
        case $line in
            :*) kind=$line ;;
            *)
                line=\${line%%$'\\t'*}
                [[ $line == "$brk"* ]] && COMPREPLY+=("\${line#"$brk"}")
                ;;
        esac
    done <<<"$out"
    case $kind in
        :files | :dirs)
            compopt -o filenames 2>/dev/null
            local flag=-f
            [[ $kind == :dirs ]] && flag=-d
            mapfile -t COMPREPLY < <(compgen "$flag" -- "\${cur#"$brk"}")
            ;;
    esac
    return 0
}

complete -F ${fn}_complete ${name}
`;
}

function zsh(name: string): string {
  return `#compdef ${name}
# zsh completion for ${name}. Load it with: source <(${name} completion zsh)
# (after compinit), or save it as _${name} in a directory of $fpath.

_${name}() {
  local cmd=\${words[1]} out line kind
  local -a lines described
  [[ $cmd == '~/'* ]] && cmd=$HOME/\${cmd#\\~/}
  out=$("$cmd" ${COMPLETE_COMMAND} "\${(@Q)words[2,CURRENT]}" 2>/dev/null) || return 1
  lines=("\${(@f)out}")
  kind=\${lines[-1]}
  lines=("\${(@)lines[1,-2]}")
  if [[ $kind == :files || $kind == :dirs ]]; then
    [[ \${words[CURRENT]} == --*=* ]] && compset -P '*='
    if [[ $kind == :dirs ]]; then _files -/; else _files; fi
    return
  fi
  for line in "\${lines[@]}"; do
    [[ -n $line ]] || continue
    if [[ $line == *$'\\t'* ]]; then
      described+=("\${\${line%%$'\\t'*}//:/\\\\:}:\${line#*$'\\t'}")
    else
      described+=("\${line//:/\\\\:}")
    fi
  done
  (( \${#described} )) && _describe -t values '${name}' described
}

if [[ \${funcstack[1]} == _${name} ]]; then
  _${name} "$@"
else
  compdef _${name} ${name}
fi
`;
}

function fish(name: string, fn: string): string {
  return `# fish completion for ${name}. Load it with: ${name} completion fish | source
# or save it as ~/.config/fish/completions/${name}.fish

function ${fn}_complete
    set -l args (commandline -opc)
    set -l cur (commandline -ct)
    set -l cmd (string replace -r '^~/' "$HOME/" -- $args[1])
    set -e args[1]
    set -l out ($cmd ${COMPLETE_COMMAND} $args "$cur" 2>/dev/null)
    or return
    set -l kind $out[-1]
    set -e out[-1]
    set -l prefix (string match -r -- '^--[^=]*=' "$cur")
    set -l value (string replace -r -- '^--[^=]*=' '' "$cur")
    switch "$kind"
        case :files
            __fish_complete_path "$value" | string replace -r -- '^' "$prefix"
        case :dirs
            __fish_complete_directories "$value" | string replace -r -- '^' "$prefix"
        case '*'
            printf '%s\\n' $out
    end
end

complete -c ${name} -f -a '(${fn}_complete)'
`;
}

function powershell(name: string): string {
  return `# PowerShell completion for ${name}. Load it with:
#   ${name} completion powershell | Out-String | Invoke-Expression
# or add that line to your $PROFILE.

Register-ArgumentCompleter -Native -CommandName '${name}', '${name}.exe' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $elements = @($commandAst.CommandElements |
        Where-Object { $_.Extent.StartOffset -lt $cursorPosition } |
        ForEach-Object { $_.Extent.Text })
    $exe = $elements[0]
    $words = @()
    if ($elements.Count -gt 1) { $words = @($elements[1..($elements.Count - 1)]) }
    if ($wordToComplete -eq '') {
        # Before PowerShell 7.3 an empty argument never reaches a native command.
        if ($PSVersionTable.PSVersion -lt [version]'7.3' -or
            $PSNativeCommandArgumentPassing -eq 'Legacy') { $words += '""' } else { $words += '' }
    }
    $out = @(& $exe ${COMPLETE_COMMAND} @words 2>$null)
    # :files and :dirs come without candidates: PowerShell then completes paths itself.
    if ($out.Count -lt 2 -or $out[-1] -ne ':none') { return }
    foreach ($line in $out[0..($out.Count - 2)]) {
        if ($line -eq '') { continue }
        $value, $description = $line -split "\`t", 2
        if (-not $description) { $description = $value }
        $text = if ($value -match '\\s') { "'" + $value + "'" } else { $value }
        [System.Management.Automation.CompletionResult]::new(
            $text, $value, 'ParameterValue', $description)
    }
}
`;
}
