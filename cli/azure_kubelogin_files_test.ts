import assert from "node:assert/strict";
import { isAzureKubeloginCacheFile } from "./azure_kubelogin_files.ts";

const AKS_SERVER = "6dae42f8-4368-4678-94ff-3960e28e3630";
const AKS_CLIENT = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

Deno.test("Azure kubelogin's cache file names are recognised", () => {
  for (
    const name of [
      "auth.json",
      "pop_tokens.cache",
      "pop_tokens.cache-test",
      "pop_tokens_azurepubliccloud.cache",
      "pop_tokens_azurechinacloud.cache",
      "pop_rsa_key.cache",
      `AzurePublicCloud-${AKS_SERVER}-${AKS_CLIENT}-${TENANT}.json`,
      `AzurePublicCloud-${AKS_SERVER}-${AKS_CLIENT}-${TENANT}_legacy.json`,
      `azureusgovernmentcloud-${AKS_SERVER}-${AKS_CLIENT}-contoso.onmicrosoft.com.json`,
      `AzureChinaCloud-${AKS_SERVER}--.json`, // msi/azurecli: no client or tenant id
    ]
  ) {
    assert.ok(isAzureKubeloginCacheFile(name), name);
  }
});

Deno.test("other names, even close ones, are not Azure kubelogin's", () => {
  for (
    const name of [
      "notes.txt",
      "auth.json.bak",
      "config.json",
      "pop_tokens_.cache",
      "pop_tokens_Azure Public.cache",
      "pop_rsa_key.cache.old",
      "AzurePublicCloud-notes.json",
      `MyCloud-${AKS_SERVER}-${AKS_CLIENT}-${TENANT}.json`,
      `AzurePublicCloud-${AKS_SERVER}-${AKS_CLIENT}-${TENANT}.yaml`,
      `AzurePublicCloud-${AKS_SERVER}-${AKS_CLIENT}-te nant.json`,
    ]
  ) {
    assert.equal(isAzureKubeloginCacheFile(name), false, name);
  }
});
