import assert from "node:assert/strict";
import { timeoutSignal } from "./timeout_signal.ts";

Deno.test("timeout signal: a deadline months away does not fire at once", async () => {
  const far = timeoutSignal(30 * 24 * 3600_000);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(far.aborted, false);
});

Deno.test("timeout signal: a past deadline still fires (after 1 ms)", async () => {
  const past = timeoutSignal(-5);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(past.aborted, true);
});
