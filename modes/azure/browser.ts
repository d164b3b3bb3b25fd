/**
 * Opening a URL in the person's browser: `$BROWSER` when set, else the platform's opener
 * (`xdg-open`, `open`, `cmd /c start`). Whatever happens, the URL is also printed on stderr,
 * so a person on a remote shell can copy it.
 *
 * @module
 */

import type { AcquireContext } from "../types.ts";

/** How to open a URL: a command and its arguments, `%s` standing for the URL. */
export interface BrowserCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/**
 * The opener for `os`, or the first entry of `$BROWSER` (a list separated like `PATH`; each
 * entry a command and arguments separated by spaces, `%s` for the URL, which is appended when
 * no argument has `%s`). Needs no permissions.
 */
export function browserCommand(
  browserEnv: string | undefined,
  os: typeof Deno.build.os,
): BrowserCommand {
  const entry = (browserEnv ?? "").split(os === "windows" ? ";" : ":")
    .map((s) => s.trim()).find((s) => s !== "");
  if (entry !== undefined) {
    const [command, ...args] = entry.split(/\s+/);
    return { command: command!, args: args.some((a) => a.includes("%s")) ? args : [...args, "%s"] };
  }
  if (os === "darwin") return { command: "open", args: ["%s"] };
  if (os === "windows") return { command: "cmd", args: ["/c", "start", "%s"] };
  return { command: "xdg-open", args: ["%s"] };
}

/**
 * Starts the browser on `url` and returns without waiting for it. A browser that cannot be
 * started is logged, not an error: the URL is on stderr already. The browser's output is
 * discarded (stdout belongs to the ExecCredential). Needs run permission for the command.
 */
export function openBrowser(browser: BrowserCommand, url: string, ctx: AcquireContext): void {
  // cmd's `start` reads `&` as a command separator unless escaped.
  const target = browser.command === "cmd" ? url.replaceAll("&", "^&") : url;
  const args = browser.args.map((a) => a.replaceAll("%s", target));
  try {
    const child = new Deno.Command(browser.command, {
      args,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    ctx.log(1, `opened the browser with ${browser.command}`);
    child.status.then(
      (s) => ctx.log(2, `${browser.command} exited with code ${s.code}`),
      () => {},
    );
  } catch (err) {
    ctx.log(1, `could not start the browser (${browser.command}): ${(err as Error).message}`);
  }
}
