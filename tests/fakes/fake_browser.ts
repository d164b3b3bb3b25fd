/**
 * A fake browser for the interactive login: an executable `/bin/sh` script to put in
 * `BROWSER`, which runs `fixtures/fake_browser_main.ts` with Deno (nothing else is needed on
 * the machine). It follows the authorize URL and delivers the answer to the loopback redirect
 * (or only records the URL, to play a person who copies it), and logs each visit.
 *
 * @module
 */

import { denoDir, REPO_DIR } from "../cli_harness.ts";

/** One visit of the fake browser. */
export interface BrowserVisit {
  /** The URL kubelogin opened. */
  readonly url: string;
  /** Where the answer went, the code in it, and the loopback page's status and HTML. */
  readonly redirectUri?: string;
  readonly code?: string;
  readonly status?: number;
  readonly page?: string;
  readonly error?: string;
}

export interface FakeBrowser {
  /** The script: the value for `BROWSER`. */
  readonly path: string;
  /** Every visit so far. */
  visits(): Promise<BrowserVisit[]>;
  /** Waits (up to 10 s) until there are `n` visits, and returns them. */
  waitForVisits(n: number): Promise<BrowserVisit[]>;
}

/**
 * Writes the script into `dir`. With `deliver: false` it only logs the URL. The fake's CA
 * comes from `DENO_CERT`, which the script inherits from kubelogin's environment.
 * Needs write access to `dir`.
 */
export async function writeFakeBrowser(
  dir: string,
  options: { name?: string; deliver?: boolean } = {},
): Promise<FakeBrowser> {
  const name = options.name ?? "browser";
  const path = `${dir}/${name}`;
  const log = `${dir}/${name}.log`;
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const command = [
    Deno.execPath(),
    "run",
    "--config",
    `${REPO_DIR}/deno.json`,
    "--no-prompt",
    "--allow-net",
    `--allow-write=${log}`,
    `${REPO_DIR}/tests/fixtures/fake_browser_main.ts`,
    log,
    options.deliver === false ? "ignore" : "deliver",
  ];
  await Deno.writeTextFile(
    path,
    `#!/bin/sh\nexport DENO_DIR=${quote(await denoDir())}\nexec ${
      command.map(quote).join(" ")
    } "$1"\n`,
    { mode: 0o755 },
  );
  const visits = async () => {
    try {
      const text = await Deno.readTextFile(log);
      return text.trimEnd().split("\n").map((line) => JSON.parse(line) as BrowserVisit);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return [];
      throw err;
    }
  };
  return {
    path,
    visits,
    async waitForVisits(n) {
      // The browser writes its log after kubelogin may already have exited.
      for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
        const seen = await visits();
        if (seen.length >= n) return seen;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`the fake browser was not visited ${n} times`);
    },
  };
}
