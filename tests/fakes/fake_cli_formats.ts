/**
 * What the real `az` and `azd` print, byte for byte, for the fakes in `fake_cli.ts`.
 *
 * @module
 */

/** A token the fake CLIs can hand out. */
export interface CliToken {
  readonly tool: "az" | "azd";
  /** Resource (az) or scope (azd). */
  readonly target: string;
  readonly tenantId: string;
  readonly token: string;
  readonly expiresOn: number;
}

/** `az account get-access-token -o json` output: knack's `json.dumps(indent=2, sort_keys=True)`. */
export function azOutput(t: CliToken, subscription: string | undefined, omitEpoch = false): string {
  const body: Record<string, unknown> = {
    accessToken: t.token,
    expiresOn: azLocalTime(t.expiresOn),
    ...(omitEpoch ? {} : { expires_on: t.expiresOn }),
    ...(subscription ? { subscription } : {}),
    tenant: t.tenantId,
    tokenType: "Bearer",
  };
  return JSON.stringify(body, null, 2) + "\n";
}

/** Local time as az prints it (`datetime.fromtimestamp(…).strftime("%Y-%m-%d %H:%M:%S.%f")`). */
export function azLocalTime(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${
    p(d.getMinutes())
  }:${p(d.getSeconds())}.000000`;
}

/** `azd auth token --output json` output: Go's `json.MarshalIndent(…, "", "  ")`, RFC 3339 UTC. */
export function azdOutput(t: CliToken): string {
  const expiresOn = new Date(t.expiresOn * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return JSON.stringify({ token: t.token, expiresOn }, null, 2) + "\n";
}

/** How azd reports an error under `--output json`: one `consoleMessage` event line on stderr. */
export function azdErrorEvent(message: string): string {
  return JSON.stringify({
    type: "consoleMessage",
    timestamp: new Date().toISOString(),
    data: { message },
  });
}
