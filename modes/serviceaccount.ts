/**
 * `serviceaccount`: serves a static Kubernetes service-account token from a file, for hosts
 * and CI runners that have no identity provider to talk to. Reads the file on every run (the
 * kubelet rotates projected tokens); no cache, no network, no writes.
 *
 * @module
 */

import { describeFsError } from "../lib/fs_error.ts";
import { IN_POD_TOKEN_FILE, TOKEN_FILE_ENV, tokenFileOption } from "./k8s/options.ts";
import { credentialFromTokenFile } from "./k8s/service_account_token.ts";
import { InputError, type ModeDescriptor } from "./types.ts";

export interface ServiceAccountOptions {
  readonly tokenFile: string;
}

export const serviceaccount: ModeDescriptor<ServiceAccountOptions> = {
  name: "serviceaccount",
  summary: "a static Kubernetes service-account token from a file (raw token or Secret manifest)",
  options: [tokenFileOption],
  caching: false,
  exampleArgs: [
    "get-token",
    "--login",
    "serviceaccount",
    "--token-file",
    "/etc/kubelogin/ci-token",
  ],
  bounds: { read: true, net: false, run: false, env: [], sys: [] },
  resolveEnv: [],
  secretKeys: [],

  resolve({ flags, env }) {
    const flag = flags["token-file"];
    if (flag === "") throw new InputError("--token-file cannot be empty");
    const tokenFile = typeof flag === "string" ? flag : env(TOKEN_FILE_ENV) || IN_POD_TOKEN_FILE;
    return { tokenFile };
  },

  permissions: ({ tokenFile }) => ({ read: [tokenFile] }),

  async acquire({ tokenFile }, ctx) {
    let content: Uint8Array;
    try {
      content = await ctx.readFile(tokenFile);
    } catch (err) {
      if (err instanceof Deno.errors.NotCapable) throw err;
      throw new InputError(
        `cannot read service account token file ${JSON.stringify(tokenFile)}: ${
          describeFsError(err)
        }`,
        { cause: err },
      );
    }
    return await credentialFromTokenFile(content, tokenFile, ctx.now());
  },

  // The token file is kept when re-converting a kubeconfig that already names one.
  convert: (input) => {
    const tokenFile = input.value("token-file");
    return { args: tokenFile ? ["--token-file", tokenFile] : [] };
  },
};
