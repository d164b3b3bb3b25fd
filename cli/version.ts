/**
 * The version, from `deno.json` (a static import, so it is inside the compiled binary).
 *
 * @module
 */

import config from "../deno.json" with { type: "json" };

/** The product version, e.g. `0.1.0`. */
export const VERSION: string = config.version;

/** What `kubelogin --version` prints. */
export function versionText(): string {
  return [
    `kubelogin version v${VERSION} (kubelogin for Deno)`,
    `deno ${Deno.version.deno}, v8 ${Deno.version.v8}, typescript ${Deno.version.typescript}`,
    `platform ${Deno.build.os}/${Deno.build.arch}`,
  ].join("\n");
}
