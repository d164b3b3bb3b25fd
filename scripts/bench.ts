/**
 * Performance, as ratios measured on one machine in one run (SPEC 11): the median wall time
 * of each scenario against `deno run` of an empty script. kubectl runs the plugin on every
 * command, so start-up is the product's speed.
 *
 *   deno task bench [--runs 30]
 *
 * The spn scenarios run against the fake Entra ID of the tests (over loopback HTTPS).
 *
 * Permissions: read, write (a temp dir), net (127.0.0.1), run (Deno, gke-gcloud-auth-plugin),
 * env.
 *
 * @module
 */

import { runtimeFlags } from "../cli/permission_flags.ts";
import { startEntraBench } from "./bench_entra.ts";

const REPO = new URL("../", import.meta.url).pathname;

export interface Scenario {
  readonly name: string;
  readonly command: string[];
  readonly env?: Record<string, string>;
  /** The ratio to the empty script this scenario should stay under. */
  readonly target?: number;
}

/** Median wall-clock milliseconds of `runs` sequential runs (after 3 warm-up runs). */
export async function medianMs(s: Scenario, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const started = performance.now();
    const out = await new Deno.Command(s.command[0]!, {
      args: s.command.slice(1),
      stdout: "null",
      stderr: "piped",
      ...(s.env ? { env: s.env } : {}),
    }).output();
    const elapsed = performance.now() - started;
    if (!out.success) throw new Error(`${s.name} failed: ${new TextDecoder().decode(out.stderr)}`);
    if (i >= 3) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  return times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}

/** The product's command line, as the compiled binary would run. */
export async function product(...args: string[]): Promise<string[]> {
  return [
    Deno.execPath(),
    "run",
    "--config",
    `${REPO}deno.json`,
    ...await runtimeFlags(),
    `${REPO}main.ts`,
    ...args,
  ];
}

/** gke-gcloud-auth-plugin answering from its own cache: the Go baseline of SPEC 11. */
async function gkeBaseline(dir: string): Promise<Scenario | undefined> {
  const found = await new Deno.Command("gke-gcloud-auth-plugin", { args: ["--version"] }).output()
    .then((o) => o.success, () => false);
  if (!found) return undefined;
  const kubeconfig = `${dir}/kubeconfig`;
  await Deno.writeTextFile(
    kubeconfig,
    "apiVersion: v1\nkind: Config\ncurrent-context: bench\ncontexts: []\n",
  );
  const expiry = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, "Z");
  await Deno.writeTextFile(
    `${dir}/gke_gcloud_auth_plugin_cache`,
    JSON.stringify({
      current_context: "bench",
      access_token: "ya29.bench",
      token_expiry: expiry,
      extra_args: "",
    }),
  );
  return {
    name: "gke-gcloud-auth-plugin (Go, own cache)",
    command: ["gke-gcloud-auth-plugin"],
    env: { KUBECONFIG: kubeconfig },
  };
}

/** 32 concurrent get-token runs on an empty cache: identity-provider requests and outputs. */
async function burst(
  entra: Awaited<ReturnType<typeof startEntraBench>>,
  command: string[],
): Promise<void> {
  const before = entra.tokenRequests();
  const started = performance.now();
  const outputs = await Promise.all(
    Array.from(
      { length: 32 },
      () =>
        new Deno.Command(command[0]!, { args: command.slice(1), env: entra.env, stderr: "null" })
          .output(),
    ),
  );
  const elapsed = performance.now() - started;
  const ok = outputs.filter((o) => o.success).length;
  const distinct = new Set(outputs.map((o) => new TextDecoder().decode(o.stdout))).size;
  const requests = entra.tokenRequests() - before;
  console.log(
    `32 concurrent spn runs, empty cache: ${ok}/32 succeeded, ${distinct} distinct credential(s), ` +
      `${requests} token request(s) to the identity provider (target 1), ${
        elapsed.toFixed(0)
      } ms in all`,
  );
}

async function main(args: string[]): Promise<void> {
  const runsArg = args.indexOf("--runs");
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 30;
  const dir = await Deno.makeTempDir({ prefix: "kubelogin-bench-" });
  try {
    const empty = `${dir}/empty.ts`;
    await Deno.writeTextFile(empty, "");
    const baseline: Scenario = {
      name: "deno run empty.ts",
      command: [Deno.execPath(), "run", "--no-prompt", empty],
    };
    const scenarios: Scenario[] = [
      {
        name: "get-token --login serviceaccount",
        command: await product(
          "get-token",
          "--login",
          "serviceaccount",
          "--token-file",
          `${REPO}tests/testdata/sample_token.jwt`,
        ),
        target: 1.3,
      },
    ];
    const entra = await startEntraBench(dir);
    const warmCache = `${dir}/warm-cache`;
    const first = await new Deno.Command((await product())[0]!, {
      args: [...(await product(...entra.spnArgs(warmCache))).slice(1)],
      env: entra.env,
    }).output();
    if (!first.success) {
      throw new Error(`spn login failed: ${new TextDecoder().decode(first.stderr)}`);
    }
    scenarios.push({
      name: "get-token --login spn (cache hit)",
      command: await product(...entra.spnArgs(warmCache)),
      env: entra.env,
      target: 1.5,
    });
    const gke = await gkeBaseline(dir);
    const base = await medianMs(baseline, runs);
    console.log(`runs per scenario: ${runs} (median wall time, after 3 warm-up runs)`);
    console.log(`${baseline.name.padEnd(44)} ${base.toFixed(1).padStart(7)} ms   1.00x`);
    let failed = false;
    for (const s of [...scenarios, ...(gke ? [gke] : [])]) {
      const ms = await medianMs(s, runs);
      const ratio = ms / base;
      const verdict = s.target === undefined
        ? ""
        : ratio <= s.target
        ? ` (target <= ${s.target}x: met)`
        : ` (target <= ${s.target}x: MISSED)`;
      if (s.target !== undefined && ratio > s.target) failed = true;
      console.log(
        `${s.name.padEnd(44)} ${ms.toFixed(1).padStart(7)} ms ${
          ratio.toFixed(2).padStart(6)
        }x${verdict}`,
      );
    }
    if (!gke) console.log("gke-gcloud-auth-plugin not found: no Go baseline");
    await burst(entra, await product(...entra.spnArgs(`${dir}/burst-cache`)));
    await entra.close();
    if (failed) console.log("some targets were missed");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) await main(Deno.args);
