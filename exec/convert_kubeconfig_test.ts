import assert from "node:assert/strict";
import { kubeconfigText, readUsers, SHORT_NAMES, withTempDir } from "../tests/convert_fixtures.ts";
import { AKS_TWO_CLUSTERS, aksUser, HAND_WRITTEN } from "../tests/testdata/kubeconfigs.ts";
import type { RawFlags } from "../modes/types.ts";
import { convertKubeconfig, type ConvertReport } from "./convert_kubeconfig.ts";
import { DEFAULT_INSTALL_HINT } from "./exec_stanza.ts";

function convert(
  paths: string[],
  login: string,
  options: { flags?: RawFlags; context?: string; explicit?: boolean } = {},
): Promise<ConvertReport> {
  return convertKubeconfig({
    login,
    flags: options.flags ?? {},
    kubeconfig: { paths, explicit: options.explicit ?? paths.length === 1 },
    context: options.context,
    shortNames: SHORT_NAMES,
  });
}

/** What must not change when a file is left alone: its bytes, and its inode (no rewrite). */
async function snapshot(path: string) {
  return { text: await Deno.readTextFile(path), ino: (await Deno.stat(path)).ino };
}

Deno.test("convert: comments, key order, layout and unconverted users stay byte for byte", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/config`;
    await Deno.writeTextFile(path, HAND_WRITTEN);
    const report = await convert([path], "devicecode");
    assert.deepEqual(report, {
      converted: [{ user: "dev-user", path }, { user: "old-azure", path }],
      written: [path],
    });
    const expected = HAND_WRITTEN.replace(
      `        command: /usr/local/bin/kubelogin
        args:
          - get-token
          - --server-id
          - "server"     # the AKS server app
          - --client-id
          - client
          - --tenant-id
          - tenant
        apiVersion: client.authentication.k8s.io/v1beta1
        interactiveMode: IfAvailable
`,
      `        command: kubelogin
        args:
          - get-token
          - --login
          - devicecode
          - --server-id
          - "server" # the AKS server app
          - --client-id
          - client
          - --tenant-id
          - tenant
        apiVersion: client.authentication.k8s.io/v1beta1
        env: null
        installHint: ${DEFAULT_INSTALL_HINT}
        provideClusterInfo: false
`,
    ).replace(
      `      auth-provider:
        name: azure
        config:
          apiserver-id: ap-server
          client-id: ap-client
          tenant-id: ap-tenant
          config-mode: '1'
`,
      `      exec:
        apiVersion: client.authentication.k8s.io/v1beta1
        args:
          - get-token
          - --login
          - devicecode
          - --server-id
          - ap-server
          - --client-id
          - ap-client
          - --tenant-id
          - ap-tenant
        command: kubelogin
        env: null
        installHint: ${DEFAULT_INSTALL_HINT}
        provideClusterInfo: false
`,
    );
    assert.notEqual(expected, HAND_WRITTEN);
    assert.equal(await Deno.readTextFile(path), expected);
  });
});

Deno.test("convert: --context converts only its user; the rest of an AKS file is untouched", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/config`;
    await Deno.writeTextFile(path, AKS_TWO_CLUSTERS);
    const report = await convert([path], "interactive", { context: "aks-two" });
    assert.deepEqual(report.converted, [{ user: "clusterUser_rg_aks-two", path }]);
    const untouched = AKS_TWO_CLUSTERS.slice(0, AKS_TWO_CLUSTERS.indexOf(aksUser("aks-two")));
    const text = await Deno.readTextFile(path);
    assert.ok(text.startsWith(untouched), "everything before the converted user is unchanged");
    assert.equal(
      text.slice(untouched.length),
      aksUser("aks-two")
        .replace(
          "      - --environment\n      - AzurePublicCloud\n",
          "      - --login\n      - interactive\n",
        )
        .replace(
          "      - --login\n      - devicecode\n",
          "      - --environment\n      - AzurePublicCloud\n",
        )
        // yaml writes the same hint without the indentation indicator AKS uses.
        .replace("installHint: |2\n", "installHint: |\n"),
    );
    const users = await readUsers(path);
    assert.equal(
      (users["clusterUser_rg_aks-two"]!.exec as { installHint: string }).installHint,
      "\nkubelogin is not installed which is required to connect to AAD enabled cluster.\n\n" +
        "To learn more, please go to https://aka.ms/aks/kubelogin\n",
    );
  });
});

Deno.test("convert: unknown context, a context without a user, a context's missing user", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/config`;
    await Deno.writeTextFile(path, HAND_WRITTEN.replace("user: ci-bot", "user: nobody"));
    const before = await snapshot(path);
    await assert.rejects(convert([path], "devicecode", { context: "prod" }), {
      name: "InputError",
      message: 'no context exists with the name: "prod"',
    });
    await assert.rejects(convert([path], "devicecode", { context: "ci" }), {
      message: 'context "ci" names user "nobody", which does not exist',
    });
    await Deno.writeTextFile(path, HAND_WRITTEN.replace("      user: ci-bot\n", ""));
    await assert.rejects(convert([path], "devicecode", { context: "ci" }), {
      message: 'context "ci" names no user',
    });
    await Deno.writeTextFile(path, before.text);
  });
});

Deno.test("convert: a context whose user is not Azure's converts nothing and writes nothing", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/config`;
    await Deno.writeTextFile(path, HAND_WRITTEN);
    const before = await snapshot(path);
    assert.deepEqual(await convert([path], "devicecode", { context: "ci" }), {
      converted: [],
      written: [],
    });
    assert.deepEqual(await snapshot(path), before);
  });
});

Deno.test("convert: $KUBECONFIG files: each user goes back to its own file, others are not rewritten", async () => {
  await withTempDir(async (dir) => {
    const [one, two, three] = [`${dir}/one`, `${dir}/two`, `${dir}/three`];
    const devicecodeUser = (tenant: string) => ({
      exec: {
        command: "kubelogin",
        args: ["get-token", "--server-id", "s", "--client-id", "c", "--tenant-id", tenant],
      },
    });
    await Deno.writeTextFile(one, await kubeconfigText([["alice", devicecodeUser("t1")]]));
    await Deno.writeTextFile(
      two,
      await kubeconfigText([["bob", devicecodeUser("t2")], ["alice", devicecodeUser("shadowed")]]),
    );
    await Deno.writeTextFile(three, await kubeconfigText([["carol", { token: "static" }]]));
    const [beforeTwo, beforeThree] = [await snapshot(two), await snapshot(three)];

    const report = await convert([one, `${dir}/missing`, two, three], "spn", {
      flags: { "client-secret": "s3cret" },
    });
    assert.deepEqual(report.written, [one, two]);
    const spnArgs = (tenant: string) => [
      "get-token",
      "--login",
      "spn",
      "--server-id",
      "s",
      "--client-id",
      "c",
      "--tenant-id",
      tenant,
      "--client-secret",
      "s3cret",
    ];
    assert.deepEqual((await readUsers(one)).alice!.exec, {
      command: "kubelogin",
      args: spnArgs("t1"),
      apiVersion: "client.authentication.k8s.io/v1beta1",
      env: null,
      installHint: DEFAULT_INSTALL_HINT,
      provideClusterInfo: false,
    });
    const usersTwo = await readUsers(two);
    assert.deepEqual((usersTwo.bob!.exec as { args: string[] }).args, spnArgs("t2"));
    // The second "alice" is shadowed by the first file's, as kubectl sees it: untouched.
    assert.deepEqual(usersTwo.alice, devicecodeUser("shadowed"));
    assert.notEqual((await snapshot(two)).ino, beforeTwo.ino);
    assert.deepEqual(await snapshot(three), beforeThree);
  });
});

Deno.test("convert: a context in one file can name a user in another", async () => {
  await withTempDir(async (dir) => {
    const [contexts, users] = [`${dir}/contexts`, `${dir}/users`];
    await Deno.writeTextFile(contexts, "contexts:\n- name: prod\n  context: {user: ops}\n");
    await Deno.writeTextFile(
      users,
      await kubeconfigText([["ops", { exec: { command: "KubeLogin.exe", args: [] } }]]),
    );
    const before = await snapshot(contexts);
    const report = await convert([contexts, users], "serviceaccount", { context: "prod" });
    assert.deepEqual(report.written, [users]);
    assert.deepEqual(await snapshot(contexts), before);
  });
});

Deno.test("convert: the file keeps its mode, a symlink stays a symlink, no temp file is left", async () => {
  await withTempDir(async (dir) => {
    for (const mode of [0o600, 0o640]) {
      const path = `${dir}/config-${mode.toString(8)}`;
      await Deno.writeTextFile(path, AKS_TWO_CLUSTERS);
      await Deno.chmod(path, mode);
      await convert([path], "azurecli");
      assert.equal((await Deno.stat(path)).mode! & 0o777, mode);
    }
    await Deno.writeTextFile(`${dir}/real`, AKS_TWO_CLUSTERS);
    await Deno.symlink(`${dir}/real`, `${dir}/link`);
    await convert([`${dir}/link`], "azurecli");
    assert.ok((await Deno.lstat(`${dir}/link`)).isSymlink);
    assert.match(await Deno.readTextFile(`${dir}/real`), /- azurecli\n/);
    const names = [];
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
    assert.deepEqual(names.sort(), ["config-600", "config-640", "link", "real"]);
  });
});

Deno.test("convert: when one user fails, nothing is written and the error names the user", async () => {
  await withTempDir(async (dir) => {
    const [good, bad] = [`${dir}/good`, `${dir}/bad`];
    await Deno.writeTextFile(good, AKS_TWO_CLUSTERS);
    await Deno.writeTextFile(
      bad,
      await kubeconfigText([["no-server", {
        exec: { command: "kubelogin", args: ["get-token"] },
      }]]),
    );
    const before = [await snapshot(good), await snapshot(bad)];
    await assert.rejects(convert([good, bad], "msi"), {
      name: "InputError",
      message: `cannot convert user "no-server" in "${bad}": --server-id is required`,
    });
    assert.deepEqual([await snapshot(good), await snapshot(bad)], before);
    const names = [];
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
    assert.deepEqual(names.sort(), ["bad", "good"]);
  });
});

Deno.test("convert: malformed YAML names the file and position, never its content", async () => {
  await withTempDir(async (dir) => {
    const [good, broken] = [`${dir}/good`, `${dir}/broken`];
    await Deno.writeTextFile(good, AKS_TWO_CLUSTERS);
    await Deno.writeTextFile(broken, "users:\n- name: x\n  user:\n    token: SECRET-TOKEN: [\n");
    const before = [await snapshot(good), await snapshot(broken)];
    await assert.rejects(convert([good, broken], "azurecli"), (err: Error) => {
      assert.equal(err.name, "InputError");
      assert.match(err.message, new RegExp(`^cannot parse kubeconfig "${broken}": .+ at line 4`));
      assert.doesNotMatch(err.message, /SECRET|\n/);
      return true;
    });
    assert.deepEqual([await snapshot(good), await snapshot(broken)], before);

    await Deno.writeTextFile(broken, "users:\n  name: x\n");
    await assert.rejects(convert([broken], "azurecli"), {
      message: `cannot parse kubeconfig "${broken}": "users" is not a list`,
    });
    await Deno.writeTextFile(broken, "- a\n- b\n");
    await assert.rejects(convert([broken], "azurecli"), {
      message: `cannot parse kubeconfig "${broken}": it is not a YAML mapping`,
    });
  });
});

Deno.test("convert: a missing --kubeconfig file is an error; a missing $KUBECONFIG entry is not", async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(convert([`${dir}/nope`], "azurecli", { explicit: true }), {
      message: `cannot read kubeconfig "${dir}/nope": no such file`,
    });
    assert.deepEqual(await convert([`${dir}/nope`], "azurecli", { explicit: false }), {
      converted: [],
      written: [],
    });
  });
});

Deno.test("convert: CRLF line ends, flow (JSON) kubeconfigs and YAML 1.1 look-alikes", async () => {
  await withTempDir(async (dir) => {
    const crlf = `${dir}/crlf`;
    await Deno.writeTextFile(crlf, AKS_TWO_CLUSTERS.replaceAll("\n", "\r\n"));
    await convert([crlf], "azd", { flags: { "tenant-id": "on" } });
    const text = await Deno.readTextFile(crlf);
    assert.doesNotMatch(text, /[^\r]\n/);
    // "on" is a boolean to kubectl's YAML 1.1 reader: it must be quoted.
    assert.match(text, /\r\n {6}- --tenant-id\r\n {6}- "on"\r\n/);

    const json = `${dir}/json`;
    await Deno.writeTextFile(
      json,
      JSON.stringify({
        users: [{
          name: "j",
          user: { exec: { command: "kubelogin", args: ["--server-id", "s"] } },
        }],
      }),
    );
    await convert([json], "azd");
    assert.deepEqual((await readUsers(json)).j!.exec, {
      command: "kubelogin",
      args: ["get-token", "--login", "azd", "--server-id", "s"],
      apiVersion: "client.authentication.k8s.io/v1beta1",
      env: null,
      installHint: DEFAULT_INSTALL_HINT,
      provideClusterInfo: false,
    });
  });
});

Deno.test("convert: flow-style users, and anchors the conversion would break", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/config`;
    const flow =
      "users:\n- name: a\n  user: {auth-provider: {name: azure, config: {apiserver-id: s}}}\n" +
      "- name: b\n  user: {token: x}\n";
    await Deno.writeTextFile(path, flow);
    await convert([path], "azd");
    const text = await Deno.readTextFile(path);
    assert.ok(text.endsWith("\n- name: b\n  user: {token: x}\n"));
    assert.match(text, /^users:\n- name: a\n {2}user: \{exec: \{apiVersion: [^\n]+\}\}\n/);
    assert.deepEqual(((await readUsers(path)).a!.exec as { args: string[] }).args, [
      "get-token",
      "--login",
      "azd",
      "--server-id",
      "s",
    ]);

    const anchored = "users:\n- name: a\n  user:\n    exec:\n      command: kubelogin\n" +
      "      args: &x [get-token, --server-id, s]\nother: *x\n";
    await Deno.writeTextFile(path, anchored);
    await assert.rejects(convert([path], "azd"), {
      name: "InputError",
      message: `cannot convert kubeconfig "${path}": Unresolved alias (the anchor must be set ` +
        "before the alias): x; nothing was written",
    });
    assert.equal(await Deno.readTextFile(path), anchored);
  });
});

Deno.test("convert: a kubeconfig another program is changing (its .lock exists) is left alone", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/config`;
    await Deno.writeTextFile(path, AKS_TWO_CLUSTERS);
    await Deno.writeTextFile(`${path}.lock`, "");
    await assert.rejects(convert([path], "azurecli"), {
      name: "InputError",
      message: new RegExp(`^kubeconfig "${path}" is locked: "${path}\\.lock" exists`),
    });
    assert.equal(await Deno.readTextFile(path), AKS_TWO_CLUSTERS);
    assert.ok(await Deno.stat(`${path}.lock`), "someone else's lock is not removed");
  });
});

Deno.test("convert: the lock is released, and root keeps the file's owner", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/config`;
    await Deno.writeTextFile(path, AKS_TWO_CLUSTERS);
    const root = Deno.uid() === 0;
    if (root) await Deno.chown(path, 12345, 12345);
    await convert([path], "azurecli");
    await assert.rejects(Deno.stat(`${path}.lock`), Deno.errors.NotFound);
    if (!root) return void console.warn("skipped the owner check: not running as root");
    const { uid, gid } = await Deno.stat(path);
    assert.deepEqual([uid, gid], [12345, 12345]);
  });
});

const confinedDir = await Deno.makeTempDir({ prefix: "kubelogin-convert-confined-" });

Deno.test({
  name: "convert: needs only read and write on the kubeconfig's directory",
  permissions: {
    read: [confinedDir],
    write: [confinedDir],
    env: false,
    net: false,
    run: false,
    sys: false,
  },
  async fn() {
    try {
      const path = `${confinedDir}/config`;
      await Deno.writeTextFile(path, AKS_TWO_CLUSTERS);
      const report = await convert([path], "workloadidentity");
      assert.equal(report.converted.length, 2);
    } finally {
      await Deno.remove(confinedDir, { recursive: true });
    }
  },
});
