/**
 * The text of the fake `az` and `azd` shell scripts (see `fake_cli.ts`). The scripts use only
 * `/bin/sh` built-ins (`printf`, `case`, `[`, and `set -C` — O_EXCL creation — for an atomic
 * call counter; not `:`, whose failed redirection would end the shell), so they work
 * with a `PATH` holding nothing but their own directory; only a simulated hang execs
 * `/bin/sleep`. Everything that needs signing or clocks is computed here, in TypeScript.
 *
 * @module
 */

/** Quotes a string for `/bin/sh` (single quotes). */
export function shQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** A simulated failure: what the tool prints and its exit code. */
export interface CliFailure {
  readonly stderr: string;
  readonly exitCode: number;
  readonly stdout?: string;
}

/** One precomputed answer: the output for a token request `key` (`<resource or scope>|<tenant>`). */
export interface CliAnswer {
  readonly key: string;
  readonly stdout: string;
}

/** What both scripts share. */
export interface ScriptBase {
  /** Directory for call records. */
  readonly callsDir: string;
  /** Environment variables to record with each call. */
  readonly recordEnv: readonly string[];
  /** Fail every call this way (after recording it). */
  readonly failure?: CliFailure | undefined;
  /** Sleep this long instead of answering (the process is `exec`ed, so killing it works). */
  readonly hangSeconds?: number | undefined;
}

function prologue(tool: string, base: ScriptBase): string {
  const env = base.recordEnv.map((n) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) throw new Error(`bad env name ${JSON.stringify(n)}`);
    return `  if [ "\${${n}+set}" = set ]; then printf '%s=%s\\0' ${n} "\$${n}"; fi\n`;
  }).join("");
  const failure = base.failure
    ? `printf '%s' ${shQuote(base.failure.stdout ?? "")}\nprintf '%s' ${
      shQuote(base.failure.stderr)
    } >&2\nexit ${base.failure.exitCode}\n`
    : "";
  const hang = base.hangSeconds ? `exec /bin/sleep ${base.hangSeconds}\n` : "";
  return `#!/bin/sh
# Fake ${tool} written by tests/fakes/fake_cli.ts.
calls=${shQuote(base.callsDir)}
n=1
set -C
until printf '' 2>/dev/null > "$calls/${tool}.$n"; do n=$((n + 1)); done
set +C
{
  printf '%s\\0' "$#" "$@"
${env}} >> "$calls/${tool}.$n"
${failure}${hang}`;
}

/** `fail <message> <code>`: prints a message on stderr and exits. */
const FAIL_FN = `fail() { printf '%s\\n' "$1" >&2; exit "$2"; }\n`;

function answers(list: readonly CliAnswer[], fallback: string): string {
  const arms = list.map((a) => `  ${shQuote(a.key)}) printf '%s' ${shQuote(a.stdout)} ;;\n`).join(
    "",
  );
  return `case "$key" in\n${arms}  *) ${fallback} ;;\nesac\nexit 0\n`;
}

/** A subscription the fake `az` is logged in to. */
export interface ScriptSubscription {
  readonly id: string;
  readonly name: string;
  readonly tenantId: string;
}

export interface AzScript extends ScriptBase {
  readonly loggedIn: boolean;
  /** The first one is the default subscription. */
  readonly subscriptions: readonly ScriptSubscription[];
  /** Answers keyed `<resource>|<tenant>|<subscription or "">`. */
  readonly answers: readonly CliAnswer[];
}

/** The fake `az` script. */
export function azScript(s: AzScript): string {
  const subs = s.subscriptions.map((x) =>
    `  ${[x.id, x.id.toLowerCase(), x.id.toUpperCase(), x.name].map(shQuote).join("|")}) sub=${
      shQuote(x.id)
    }; tenant_of_sub=${shQuote(x.tenantId)} ;;\n`
  ).join("");
  const first = s.subscriptions[0];
  return prologue("az", s) + FAIL_FN + `
[ "$1" = account ] && [ "$2" = get-access-token ] || fail "ERROR: 'fake az' supports only 'account get-access-token'" 2
shift 2
resource=''; tenant=''; subscription=''; output=json
while [ $# -gt 0 ]; do
  case "$1" in
    --resource|--tenant|-t|--subscription|--output|-o)
      [ $# -ge 2 ] || fail "ERROR: argument $1: expected one argument" 2
      case "$1" in
        --resource) resource=$2 ;; --tenant|-t) tenant=$2 ;; --subscription) subscription=$2 ;; *) output=$2 ;;
      esac
      shift 2 ;;
    --resource=*) resource=\${1#*=}; shift ;;
    --tenant=*) tenant=\${1#*=}; shift ;;
    --subscription=*) subscription=\${1#*=}; shift ;;
    --output=*) output=\${1#*=}; shift ;;
    --only-show-errors|--verbose|--debug) shift ;;
    *) fail "ERROR: unrecognized arguments: $1" 2 ;;
  esac
done
[ "$output" = json ] || fail "ERROR: 'fake az' supports only --output json" 2
if [ -n "$tenant" ] && [ -n "$subscription" ]; then
  fail "ERROR: Please specify only one of subscription and tenant, not both" 1
fi
${
    s.loggedIn && first
      ? ""
      : `fail "ERROR: Please run 'az login' to setup account." 1\n`
  }case "$subscription" in
  '') sub=${shQuote(first?.id ?? "")}; tenant_of_sub=${shQuote(first?.tenantId ?? "")} ;;
${subs}  *) fail "ERROR: Subscription '$subscription' not found. Check the spelling and casing and try again." 1 ;;
esac
if [ -n "$tenant" ]; then key="$resource|$tenant|"; else key="$resource|$tenant_of_sub|$sub"; fi
${
    answers(
      s.answers,
      `fail "ERROR: AADSTS500011: The resource principal named $resource was not found in the tenant named \${tenant:-$tenant_of_sub}. (fake az: no token prepared for this resource and tenant)" 1`,
    )
  }`;
}

export interface AzdScript extends ScriptBase {
  readonly loggedIn: boolean;
  readonly defaultTenantId: string;
  /** Answers keyed `<first scope>|<tenant>`. */
  readonly answers: readonly CliAnswer[];
  /** The JSON event line azd prints on stderr for an error under `--output json`. */
  readonly errorEvent: (message: string) => string;
}

/** The fake `azd` script. */
export function azdScript(s: AzdScript): string {
  const notLoggedIn = s.errorEvent("\nERROR: not logged in, run `azd auth login` to login\n");
  const unknown = s.errorEvent(
    "\nERROR: fetching token: AADSTS500011: The resource principal for the requested scope was not found in the tenant. (fake azd: no token prepared for this scope and tenant)\n",
  );
  return prologue("azd", s) + FAIL_FN + `
[ "$1" = auth ] && [ "$2" = token ] || fail "ERROR: 'fake azd' supports only 'auth token'" 1
shift 2
scope=''; tenant=${shQuote(s.defaultTenantId)}; output=none
while [ $# -gt 0 ]; do
  case "$1" in
    --scope|--tenant-id|--output|-o)
      [ $# -ge 2 ] || fail "ERROR: flag needs an argument: $1" 1
      case "$1" in
        --scope) [ -n "$scope" ] || scope=$2 ;; --tenant-id) tenant=$2 ;; *) output=$2 ;;
      esac
      shift 2 ;;
    --scope=*) [ -n "$scope" ] || scope=\${1#*=}; shift ;;
    --tenant-id=*) tenant=\${1#*=}; shift ;;
    --output=*) output=\${1#*=}; shift ;;
    --no-prompt|--debug) shift ;;
    *) fail "ERROR: unknown flag: $1" 1 ;;
  esac
done
[ "$output" = json ] || fail "ERROR: 'fake azd' supports only --output json" 1
${
    s.loggedIn
      ? ""
      : `printf '%s\\n' ${shQuote(notLoggedIn)} >&2\nexit 1\n`
  }[ -n "$scope" ] || scope='https://management.azure.com//.default'
key="$scope|$tenant"
${answers(s.answers, `printf '%s\\n' ${shQuote(unknown)} >&2; exit 1`)}`;
}
