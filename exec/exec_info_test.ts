import assert from "node:assert/strict";
import { parseExecInfo } from "./exec_info.ts";

Deno.test("exec info: reads interactive and the cluster that client-go provides", () => {
  const value = JSON.stringify({
    kind: "ExecCredential",
    apiVersion: "client.authentication.k8s.io/v1",
    spec: {
      interactive: true,
      cluster: {
        server: "https://10.0.0.1:6443",
        "certificate-authority-data": "Q0E=",
        "tls-server-name": "api.internal",
        config: { arm: "/subscriptions/x" },
      },
    },
  });
  assert.deepEqual(parseExecInfo(value), {
    apiVersion: "client.authentication.k8s.io/v1",
    interactive: true,
    cluster: {
      server: "https://10.0.0.1:6443",
      certificateAuthorityData: "Q0E=",
      tlsServerName: "api.internal",
      config: { arm: "/subscriptions/x" },
    },
  });
});

Deno.test("exec info: unset or empty is undefined; interactive defaults to false", () => {
  assert.equal(parseExecInfo(undefined), undefined);
  assert.equal(parseExecInfo(""), undefined);
  assert.deepEqual(
    parseExecInfo('{"apiVersion":"client.authentication.k8s.io/v1beta1","spec":{}}'),
    {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      interactive: false,
    },
  );
});
