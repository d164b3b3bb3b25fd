/**
 * Kubeconfig texts for `convert-kubeconfig` tests, kept as strings so that `deno fmt` (which
 * formats .yaml files) never changes them.
 *
 * @module
 */

/** Hand-written: comments everywhere, indented lists, flow mappings, blank lines, quoting. */
export const HAND_WRITTEN = `# Team kubeconfig: keep the comments
apiVersion: v1
kind: Config
current-context: dev

clusters:
  - name: dev   # the dev cluster
    cluster:
      server: https://dev.example:443
contexts:
  - name: dev
    context: {cluster: dev, user: dev-user}
  - name: ci
    context:
      cluster: dev
      user: ci-bot
users:
  # AAD user
  - name: dev-user
    user:
      # converted by kubelogin once
      exec:
        # kubelogin runs here
        command: /usr/local/bin/kubelogin
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
  - name: ci-bot
    user:
      token: "opaque-token"   # static
  - name: old-azure
    user:
      # the old in-tree provider
      auth-provider:
        name: azure
        config:
          apiserver-id: ap-server
          client-id: ap-client
          tenant-id: ap-tenant
          config-mode: '1'
      username: keep-me

preferences: {}
`;

/** One user as \`az aks get-credentials\` writes it (kubectl's layout, AKS's install hint). */
export function aksUser(cluster: string): string {
  return `- name: clusterUser_rg_${cluster}
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - get-token
      - --environment
      - AzurePublicCloud
      - --server-id
      - 6dae42f8-4368-4678-94ff-3960e28e3630
      - --client-id
      - 80faf920-1908-4b52-b5ef-a8e7bedfc67a
      - --tenant-id
      - 72f988bf-86f1-41af-91ab-2d7cd011db47
      - --login
      - devicecode
      command: kubelogin
      env: null
      installHint: |2

        kubelogin is not installed which is required to connect to AAD enabled cluster.

        To learn more, please go to https://aka.ms/aks/kubelogin
      provideClusterInfo: false
`;
}

/** A kubeconfig of two AKS clusters, contexts \`aks-one\` and \`aks-two\`. */
export const AKS_TWO_CLUSTERS = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUU2RENDQXRDZ0F3SUJBZ0lRT
    server: https://aks-one-dns.hcp.eastus.azmk8s.io:443
  name: aks-one
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUU2RENDQXRDZ0F3SUJBZ0lRT
    server: https://aks-two-dns.hcp.westeurope.azmk8s.io:443
  name: aks-two
contexts:
- context:
    cluster: aks-one
    user: clusterUser_rg_aks-one
  name: aks-one
- context:
    cluster: aks-two
    user: clusterUser_rg_aks-two
  name: aks-two
current-context: aks-two
kind: Config
preferences: {}
users:
${aksUser("aks-one")}${aksUser("aks-two")}`;
