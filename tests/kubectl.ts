/**
 * Finding the real kubectl for end-to-end tests: the one on PATH, plus the other minor
 * versions the machine image ships beside it (kubectl.1.27 … kubectl.1.33).
 * Without kubectl the tests say so and skip, unless `REQUIRE_KUBECTL=1` (CI sets it).
 *
 * @module
 */

export interface Kubectl {
  readonly path: string;
  readonly version: string;
}

async function versionOf(path: string): Promise<string | undefined> {
  try {
    const out = await new Deno.Command(path, {
      args: ["version", "--client", "-o", "json"],
      stderr: "null",
    })
      .output();
    if (!out.success) return undefined;
    return JSON.parse(new TextDecoder().decode(out.stdout)).clientVersion.gitVersion as string;
  } catch {
    return undefined;
  }
}

/** kubectl binaries to test with; empty when there is none (and not required). */
export async function findKubectls(): Promise<Kubectl[]> {
  const found: Kubectl[] = [];
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    const path = `${dir}/kubectl`;
    const version = await versionOf(path);
    if (version === undefined) continue;
    found.push({ path, version });
    const real = await Deno.realPath(path);
    const base = real.slice(0, real.lastIndexOf("/"));
    for (const minor of ["1.27", "1.33"]) {
      const sibling = `${base}/kubectl.${minor}`;
      const v = await versionOf(sibling);
      if (v !== undefined) found.push({ path: sibling, version: v });
    }
    break;
  }
  if (found.length === 0 && Deno.env.get("REQUIRE_KUBECTL") === "1") {
    throw new Error("REQUIRE_KUBECTL=1 but no kubectl was found on PATH");
  }
  if (found.length === 0) console.error("kubectl not found on PATH: skipping end-to-end tests");
  return found;
}
