/**
 * Runs the `tests/fixtures/msal_flow.ts` fixture in a subprocess with exactly the given Deno
 * permissions, the test CA trusted through `DENO_CERT`, a clean environment, and Deno's
 * permission audit log (`DENO_AUDIT_PERMISSIONS`) collected, so a test can prove both that a
 * permission set suffices and that nothing outside it was attempted.
 *
 * @module
 */

import type { Permissions } from "../../modes/types.ts";
import { workerPermissions } from "../../modes/sandbox/worker_sandbox.ts";
import { denoDir, REPO_DIR } from "../cli_harness.ts";
import type { Outcome, Scenario } from "../fixtures/msal_flow_run.ts";

export type { Outcome, Scenario };

/** What a fixture run produced. */
export interface FixtureRun {
  readonly code: number;
  readonly outcome: Outcome;
  readonly stderr: string;
  /**
   * Every permission check of the run (granted or not), by kind: `env` names, `net` as
   * `host:port`, `read`/`write` paths, `sys` kinds, `run` commands. Sorted, no duplicates.
   */
  readonly audit: Readonly<Record<string, readonly string[]>>;
}

export interface FixtureOptions {
  /** A PEM file with the CA to trust (`DENO_CERT`). */
  readonly caFile: string;
  /** The permissions under test: the process gets exactly these (plus `extraNet`). */
  readonly permissions: Permissions;
  /** Hosts the fixture itself needs beyond msal (its fake browser posting to the loopback). */
  readonly extraNet?: readonly string[];
  /** Run the flow in a Web Worker confined the way the product's worker sandbox does it. */
  readonly inWorker?: boolean;
  /** Extra environment variables for the run (the environment is otherwise clean). */
  readonly env?: Readonly<Record<string, string>>;
}

const FIXTURE = `${REPO_DIR}/tests/fixtures/msal_flow.ts`;
/**
 * The fixture's sources. Under `deno run`, Deno checks a worker's module loads against the
 * *parent's* read permission (not the worker's), so with `inWorker` the parent may read these.
 */
export const FIXTURE_SOURCES = [`${REPO_DIR}/tests/fixtures`, `${REPO_DIR}/tests/fakes`];

function flags(p: Permissions, extraNet: readonly string[]): string[] {
  const out = ["--no-prompt"];
  const net = [...(p.net ?? []), ...extraNet];
  if (net.length > 0) out.push(`--allow-net=${net.join(",")}`);
  if (p.env?.length) out.push(`--allow-env=${p.env.join(",")}`);
  if (p.read?.length) out.push(`--allow-read=${p.read.join(",")}`);
  if (p.sys?.length) out.push(`--allow-sys=${p.sys.join(",")}`);
  if (p.run?.length) out.push(`--allow-run=${p.run.join(",")}`);
  return out;
}

function normalise(kind: string, value: string): string {
  if (kind !== "net" || !value.includes("://")) return value;
  const url = new URL(value);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return `${url.hostname}:${port}`;
}

/**
 * Runs the fixture with `scenario` on stdin. Needs run access to Deno, write access to a temp
 * dir (the audit log), and everything `options.permissions` names.
 */
export async function runMsalFixture(
  scenario: Scenario,
  options: FixtureOptions,
): Promise<FixtureRun> {
  const dir = await Deno.makeTempDir({ prefix: "msal-audit-" });
  try {
    const auditFile = `${dir}/audit.jsonl`;
    const extraNet = options.extraNet ?? [];
    const input: Scenario = options.inWorker
      ? {
        ...scenario,
        worker: workerPermissions({
          ...options.permissions,
          net: [...(options.permissions.net ?? []), ...extraNet],
        }),
      }
      : scenario;
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--config",
        `${REPO_DIR}/deno.json`,
        ...(options.inWorker
          ? ["--unstable-worker-options", `--allow-read=${FIXTURE_SOURCES.join(",")}`]
          : []),
        ...flags(options.permissions, extraNet),
        FIXTURE,
      ],
      clearEnv: true,
      env: {
        DENO_DIR: await denoDir(),
        NO_COLOR: "1",
        DENO_CERT: options.caFile,
        DENO_AUDIT_PERMISSIONS: auditFile,
        ...options.env,
      },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(JSON.stringify(input)));
    await writer.close();
    const out = await child.output();
    const stdout = new TextDecoder().decode(out.stdout);
    const stderr = new TextDecoder().decode(out.stderr);
    const line = stdout.trim().split("\n").at(-1) ?? "";
    let outcome: Outcome;
    try {
      outcome = JSON.parse(line) as Outcome;
    } catch {
      throw new Error(`fixture exited ${out.code} without an outcome; stderr:\n${stderr}`);
    }
    const audit: Record<string, Set<string>> = {};
    const log = await Deno.readTextFile(auditFile).catch(() => "");
    for (const entry of log.split("\n").filter((l) => l !== "")) {
      const { permission, value } = JSON.parse(entry) as { permission: string; value: unknown };
      // A null value is Deno's own whole-class check when it starts a worker, not an access.
      if (value === null) continue;
      (audit[permission] ??= new Set()).add(normalise(permission, String(value)));
    }
    return {
      code: out.code,
      outcome,
      stderr,
      audit: Object.fromEntries(Object.entries(audit).map(([k, v]) => [k, [...v].sort()])),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
