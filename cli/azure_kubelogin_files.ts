/**
 * The files Azure's `kubelogin` writes into its cache directory, by exact name, so that
 * `remove-cache-dir` can remove them along with ours and nothing else. Sources (Azure/kubelogin):
 *
 * - `auth.json`: the azidentity authentication record of 0.1.x and 0.2.x
 *   (`getAuthenticationRecordFileName` in `pkg/internal/token/options.go`).
 * - `<environment>-<server id>-<client id>-<tenant id>[_legacy].json`: the adal token files of
 *   0.0.x and early 0.1.x (`getCacheFileName` in the same file). The environment was checked by
 *   go-autorest's `EnvironmentFromName`, so it is one of that library's cloud names (any case);
 *   the ids are GUIDs or tenant domains, and an id kubelogin did not need is empty.
 * - `pop_tokens.cache`, `pop_tokens_<environment, lower case, spaces as _>.cache`: the MSAL
 *   cache of PoP tokens (0.2.x, `pkg/internal/pop/cache/cache.go`); `pop_tokens.cache-test`:
 *   the storage probe one release wrote beside it and deleted only on success.
 * - `pop_rsa_key.cache`: the persistent PoP RSA key (0.2.x, `pkg/internal/pop/poptoken.go`).
 *
 * Left alone on purpose: adal's temporary files (`token<digits>`, too generic a name to be sure
 * of), and everything kubelogin keeps outside this directory (the OS keyring, `~/.IdentityService`,
 * the `cache-test.lock` under the user cache directory).
 *
 * @module
 */

/** go-autorest's cloud names (`EnvironmentFromName`), plus `AzurePublic` that 0.2 accepts. */
const ENVIRONMENTS = [
  "AzurePublicCloud",
  "AzureCloud",
  "AzurePublic",
  "AzureUSGovernmentCloud",
  "AzureUSGovernment",
  "AzureChinaCloud",
  "AzureGermanCloud",
];

/** A GUID, a tenant domain, or empty. */
const ID = "[A-Za-z0-9._-]*";

const ADAL_TOKEN_FILE = new RegExp(
  `^(?:${ENVIRONMENTS.join("|")})-${ID}-${ID}-${ID}(?:_legacy)?\\.json$`,
  "i",
);

const FIXED_NAMES = new Set([
  "auth.json",
  "pop_tokens.cache",
  "pop_tokens.cache-test",
  "pop_rsa_key.cache",
]);

const POP_TOKENS_FILE = /^pop_tokens_[a-z0-9_]+\.cache$/;

/** Whether `name` is a file Azure kubelogin writes in its cache directory (see the module doc). */
export function isAzureKubeloginCacheFile(name: string): boolean {
  return FIXED_NAMES.has(name) || POP_TOKENS_FILE.test(name) || ADAL_TOKEN_FILE.test(name);
}
