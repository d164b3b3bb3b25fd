import assert from "node:assert/strict";
import { browserCommand } from "./browser.ts";

Deno.test("browser: the platform opener when BROWSER is unset or empty", () => {
  assert.deepEqual(browserCommand(undefined, "linux"), { command: "xdg-open", args: ["%s"] });
  assert.deepEqual(browserCommand("", "freebsd"), { command: "xdg-open", args: ["%s"] });
  assert.deepEqual(browserCommand(undefined, "darwin"), { command: "open", args: ["%s"] });
  assert.deepEqual(browserCommand(undefined, "windows"), {
    command: "cmd",
    args: ["/c", "start", "%s"],
  });
});

Deno.test("browser: BROWSER's first entry, with its arguments, %s or the URL appended", () => {
  assert.deepEqual(browserCommand("firefox", "linux"), { command: "firefox", args: ["%s"] });
  assert.deepEqual(browserCommand("/opt/bin/chromium --new-window:firefox", "linux"), {
    command: "/opt/bin/chromium",
    args: ["--new-window", "%s"],
  });
  assert.deepEqual(browserCommand(" :w3m %s --dump", "linux"), {
    command: "w3m",
    args: ["%s", "--dump"],
  });
  assert.deepEqual(browserCommand("C:\\Tools\\browser.exe;other", "windows"), {
    command: "C:\\Tools\\browser.exe",
    args: ["%s"],
  });
});
