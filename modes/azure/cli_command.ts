/**
 * Running Azure's own CLIs (`az`, `azd`) for a token. Their stderr is shown as they wrote it:
 * they know best what the person should do (`az login`, `azd auth login`).
 *
 * @module
 */

/**
 * Runs `command args…` and parses its stdout as JSON. The child inherits the environment
 * (so `AZURE_CONFIG_DIR` and the CLI's own settings apply) and is killed at `signal`.
 * Needs run access to `command`.
 */
export async function runJsonCommand(
  command: string,
  args: readonly string[],
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const shown = `${command} ${args.filter((a) => !a.startsWith("--output")).slice(0, 3).join(" ")}`;
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(command, { args: [...args], stdin: "null", signal }).output();
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new Error(`${command} was not found on PATH; install it, or choose another --login`);
    }
    throw err;
  }
  const stderr = new TextDecoder().decode(output.stderr).trim();
  if (!output.success) {
    throw new Error(`${shown} failed (exit code ${output.code}): ${stderr || "no error output"}`);
  }
  try {
    const doc = JSON.parse(new TextDecoder().decode(output.stdout));
    if (typeof doc === "object" && doc !== null && !Array.isArray(doc)) return doc;
  } catch {
    // fall through
  }
  throw new Error(`${shown} printed something that is not a JSON object`);
}

/** A string field of a CLI's JSON answer, or an error naming the command and field. */
export function stringField(doc: Record<string, unknown>, field: string, command: string): string {
  const value = doc[field];
  if (typeof value !== "string" || value === "") {
    throw new Error(`${command} answered without "${field}"`);
  }
  return value;
}
