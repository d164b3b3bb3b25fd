/**
 * Runs the product from source exactly as the compiled binary would run: `deno run main.ts`
 * with the binary's permission flags (`cli/permission_flags.ts`). Used by `deno task kubelogin`
 * and `deno task demo`.
 *
 * Permissions: read (this repository), run (Deno itself).
 *
 * @module
 */

import { runtimeFlags } from "../cli/permission_flags.ts";

const repo = new URL("../", import.meta.url).pathname;
const child = new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    "--config",
    `${repo}deno.json`,
    ...await runtimeFlags(),
    `${repo}main.ts`,
    ...Deno.args,
  ],
  stdin: "inherit",
  stdout: "inherit",
  stderr: "inherit",
}).spawn();
Deno.exit((await child.status).code);
