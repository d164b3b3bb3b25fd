import assert from "node:assert/strict";
import { kubeconfigPaths } from "./kubeconfig.ts";

const envOf = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("kubeconfig paths: --kubeconfig, else $KUBECONFIG, else ~/.kube/config", () => {
  const env = envOf({ KUBECONFIG: "/a::/b:/a", HOME: "/home/me/" });
  assert.deepEqual(kubeconfigPaths("/flag", env), { paths: ["/flag"], explicit: true });
  assert.deepEqual(kubeconfigPaths(undefined, env), { paths: ["/a", "/b"], explicit: false });
  assert.deepEqual(kubeconfigPaths(undefined, envOf({ KUBECONFIG: ":", HOME: "/h" })), {
    paths: ["/h/.kube/config"],
    explicit: false,
  });
  assert.deepEqual(kubeconfigPaths(undefined, envOf({ USERPROFILE: "/u" })), {
    paths: ["/u/.kube/config"],
    explicit: false,
  });
  assert.throws(() => kubeconfigPaths(undefined, envOf({})), {
    name: "InputError",
    message: "cannot find the home directory for the kubeconfig: set HOME or use --kubeconfig",
  });
});
