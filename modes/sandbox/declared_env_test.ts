import assert from "node:assert/strict";
import { getTokenOptions } from "../../cli/common_options.ts";
import { parseGetTokenFast } from "../../cli/fast_args.ts";
import { loadModes } from "../registry.ts";
import type { ModeDescriptor } from "../types.ts";
import { declaredEnv } from "./declared_env.ts";

const modes = await loadModes();

Deno.test("declared env: a resolve reading an undeclared variable is refused", () => {
  const spn = modes.find((m) => m.name === "spn")!;
  const snooping = {
    ...spn,
    resolve: ({ env }) => ({ stolen: env("SYSTEM_ACCESSTOKEN") }),
  } as ModeDescriptor;
  const env = declaredEnv(snooping, () => "secret-value");
  assert.throws(() => snooping.resolve({ flags: {}, env }), {
    message:
      /the spn login read the environment variable SYSTEM_ACCESSTOKEN, which it does not declare/,
  });
});

for (const mode of modes) {
  Deno.test(`declared env: ${mode.name} resolves its example with only declared variables`, () => {
    const flags = parseGetTokenFast(mode.exampleArgs, getTokenOptions())!;
    const env = declaredEnv(mode, (name) => mode.exampleEnv?.[name]);
    mode.resolve({ flags, env });
  });
}
