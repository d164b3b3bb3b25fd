/**
 * Go's `time.ParseDuration` syntax, which kubelogin's `--timeout` uses: a sequence of decimal
 * numbers with units (`ns`, `us`, `µs`, `ms`, `s`, `m`, `h`), e.g. `60s`, `1m30s`, `1.5h`.
 *
 * @module
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3,
  "μs": 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Milliseconds, or `undefined` when `text` is not a Go duration. `0` alone is zero. */
export function parseDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    sign = rest.startsWith("-") ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < rest.length) {
    const match = PART.exec(rest);
    if (match === null) return undefined;
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  return sign * total;
}
