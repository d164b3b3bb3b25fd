import assert from "node:assert/strict";
import { argSwitch, argValue, convertInput, isConvertible, userSettings } from "./convert_input.ts";

Deno.test("existing args: separate, inline and short forms; the last one wins", () => {
  const args = ["get-token", "--tenant-id", "a", "--tenant-id=b", "-t", "c", "--server-id"];
  assert.equal(argValue(args, "tenant-id"), "b");
  assert.equal(argValue(args, "tenant-id", new Map([["t", "tenant-id"]])), "c");
  assert.equal(argValue(args, "server-id"), undefined, "a flag at the end has no value");
  assert.equal(argValue(args, "client-id"), undefined);
  assert.equal(argValue(["--environment="], "environment"), "");
});

Deno.test("existing args: switches", () => {
  assert.equal(argSwitch(["--legacy"], "legacy"), true);
  assert.equal(argSwitch(["--legacy=true"], "legacy"), true);
  assert.equal(argSwitch(["--legacy", "--legacy=false"], "legacy"), false);
  assert.equal(argSwitch(["--legacy-ish"], "legacy"), undefined);
});

Deno.test("which users are converted", () => {
  const exec = (command: string) => userSettings({ exec: { command, args: [] } });
  assert.ok(isConvertible(exec("kubelogin")));
  assert.ok(isConvertible(exec("/opt/bin/KubeLogin.exe")));
  assert.ok(!isConvertible(exec("aws")));
  assert.ok(isConvertible(userSettings({ "auth-provider": { name: "azure" } })));
  assert.ok(!isConvertible(userSettings({ "auth-provider": { name: "oidc", config: {} } })));
  assert.ok(!isConvertible(userSettings({ token: "x" })));
  assert.ok(!isConvertible(userSettings(null)));
});

Deno.test("auth-provider config values that YAML read as numbers are read as text", () => {
  const input = convertInput(
    {},
    userSettings({
      "auth-provider": { name: "azure", config: { "config-mode": 1, "tenant-id": 42 } },
    }),
  );
  assert.equal(input.enabled("legacy"), false);
  assert.equal(input.value("tenant-id"), "42");
});

Deno.test("flag() and flagOn() see only the command line", () => {
  const input = convertInput(
    { "client-secret": "", "pop-enabled": false, "disable-environment-override": true },
    userSettings({ exec: { command: "kubelogin", args: ["--client-id", "c", "--pop-enabled"] } }),
  );
  assert.equal(input.flag("client-secret"), undefined, "an empty flag is not written");
  assert.equal(input.flag("client-id"), undefined);
  assert.equal(input.value("client-id"), "c");
  assert.equal(input.enabled("pop-enabled"), false, "the flag wins over the file");
  assert.equal(input.flagOn("disable-environment-override"), true);
  assert.equal(input.flagOn("legacy"), false);
});
