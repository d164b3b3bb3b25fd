import assert from "node:assert/strict";
import { chooseApiVersion, EXEC_V1, EXEC_V1BETA1, parseApiVersion } from "./api_version.ts";

const info = (apiVersion: string) =>
  JSON.stringify({ kind: "ExecCredential", apiVersion, spec: { interactive: false } });

Deno.test({
  name: "apiVersion: flag, then KUBERNETES_EXEC_INFO, then v1beta1 (needs no permissions)",
  permissions: {},
  fn() {
    assert.equal(chooseApiVersion(undefined, undefined).apiVersion, EXEC_V1BETA1);
    assert.equal(chooseApiVersion(undefined, "").apiVersion, EXEC_V1BETA1, "empty counts as unset");
    assert.equal(chooseApiVersion(undefined, info(EXEC_V1)).apiVersion, EXEC_V1);
    assert.equal(chooseApiVersion(undefined, info(EXEC_V1BETA1)).apiVersion, EXEC_V1BETA1);
    assert.equal(chooseApiVersion(EXEC_V1, undefined).apiVersion, EXEC_V1);
    assert.equal(chooseApiVersion(EXEC_V1, info(EXEC_V1)).warning, undefined);
  },
});

Deno.test("apiVersion: a flag that disagrees with KUBERNETES_EXEC_INFO wins, with a warning", () => {
  const choice = chooseApiVersion(EXEC_V1BETA1, info(EXEC_V1));
  assert.equal(choice.apiVersion, EXEC_V1BETA1);
  assert.match(
    choice.warning ?? "",
    /differs from client\.authentication\.k8s\.io\/v1 in KUBERNETES_EXEC_INFO/,
  );
  const broken = chooseApiVersion(EXEC_V1, "{not json");
  assert.equal(broken.apiVersion, EXEC_V1);
  assert.match(broken.warning ?? "", /^ignoring KUBERNETES_EXEC_INFO: cannot unmarshal/);
});

Deno.test("apiVersion: unsupported versions in KUBERNETES_EXEC_INFO use kubelogin's wording", () => {
  for (const v of ["client.authentication.k8s.io/v1alpha1", "v1", "", "example.com/v1"]) {
    assert.throws(() => chooseApiVersion(undefined, info(v)), {
      name: "InputError",
      message: `api version: ${v} is not supported`,
    });
  }
});

Deno.test("apiVersion: malformed KUBERNETES_EXEC_INFO names the value and the cause", () => {
  assert.throws(() => chooseApiVersion(undefined, "{oops"), (err: Error) => {
    assert.equal(err.name, "InputError");
    assert.ok(err.message.startsWith('cannot unmarshal "{oops" to ExecCredential: '), err.message);
    return true;
  });
  assert.throws(() => chooseApiVersion(undefined, "[]"), {
    message: 'cannot unmarshal "[]" to ExecCredential: not a JSON object',
  });
});

Deno.test("apiVersion: --api-version accepts the short and the full forms only", () => {
  assert.equal(parseApiVersion("v1"), EXEC_V1);
  assert.equal(parseApiVersion("v1beta1"), EXEC_V1BETA1);
  assert.equal(parseApiVersion(EXEC_V1), EXEC_V1);
  assert.equal(parseApiVersion(EXEC_V1BETA1), EXEC_V1BETA1);
  for (const bad of ["v1alpha1", "V1", "", "client.authentication.k8s.io/v2", "k8s/v1"]) {
    assert.equal(parseApiVersion(bad), undefined, bad);
  }
});
