/**
 * Writing edited `yaml` nodes back into their file's text. `yaml`'s `toString()` of a whole
 * document re-renders every line (the indentation of lists, spacing before comments, block
 * scalar headers such as AKS's `installHint: |2`), so only the edited nodes are rendered, in the
 * file's own layout, and spliced in where they stood: every other byte of the file is kept.
 *
 * @module
 */

import type { Pair, YAMLMap } from "yaml";
import type { Yaml } from "./kubeconfig.ts";

/** How a file lays out nested blocks. */
export interface Layout {
  /** Spaces per nesting level. */
  readonly indent: number;
  /** Whether `- ` items are indented under their key (`kubectl` writes them flush). */
  readonly indentSeq: boolean;
}

/** The column of `offset` in `source`. */
function column(source: string, offset: number): number {
  return offset - (source.lastIndexOf("\n", offset - 1) + 1);
}

/**
 * The layout of the file around one user mapping, read before it is edited: the indent from
 * the user mapping under its key, list indentation from its exec `args` (else from `listPair`,
 * the file's `users` list).
 */
export function detectLayout(yaml: Yaml, source: string, userPair: Pair, listPair: Pair): Layout {
  const offset = (node: unknown) =>
    yaml.isNode(node) && node.range && !(yaml.isCollection(node) && node.flow)
      ? node.range[0]
      : undefined;
  const indentOf = (pair: Pair) => {
    const key = offset(pair.key);
    const value = offset(pair.value);
    return key === undefined || value === undefined
      ? undefined
      : column(source, value) - column(source, key);
  };
  const user = userPair.value;
  const exec = yaml.isMap(user) ? user.items.find((p) => keyIs(yaml, p, "exec")) : undefined;
  const args = exec && yaml.isMap(exec.value)
    ? exec.value.items.find((p) => keyIs(yaml, p, "args"))
    : undefined;
  const seqIndent = (args && yaml.isSeq(args.value) ? indentOf(args) : undefined) ??
    indentOf(listPair);
  const indent = indentOf(userPair);
  return { indent: indent && indent > 0 ? indent : 2, indentSeq: (seqIndent ?? 0) > 0 };
}

/** A parsed node that was edited, and the layout to render it in. */
export interface Edit {
  readonly node: YAMLMap;
  readonly layout: Layout;
}

/**
 * `source` with each edited node's span replaced by its rendering. The nodes must come from
 * parsing `source` and must not overlap. Comments before and after a node stay in the text.
 *
 * @param tidy empty the whitespace-only lines `yaml` writes for blank lines at the start of a
 *   block scalar (AKS's `installHint`); the caller must check the result reads back the same
 */
export function renderWithEdits(
  yaml: Yaml,
  source: string,
  edits: readonly Edit[],
  tidy = false,
): string {
  const newline = source.includes("\r\n") ? "\r\n" : "\n";
  const sorted = [...edits].sort((a, b) => rangeOf(b.node)[0] - rangeOf(a.node)[0]);
  let text = source;
  for (const { node, layout } of sorted) {
    const [start, end] = rangeOf(node);
    const { commentBefore, comment, spaceBefore } = node;
    Object.assign(node, { commentBefore: undefined, comment: undefined, spaceBefore: undefined });
    let rendered: string;
    try {
      rendered = new yaml.Document(node).toString({
        indent: layout.indent,
        indentSeq: layout.indentSeq,
        lineWidth: 0,
        flowCollectionPadding: false,
      });
    } finally {
      Object.assign(node, { commentBefore, comment, spaceBefore });
    }
    if (!source.slice(start, end).endsWith("\n")) rendered = rendered.replace(/\n$/, "");
    const pad = " ".repeat(column(source, start));
    rendered = rendered.split("\n")
      .map((line) => (tidy && /^ +$/.test(line) ? "" : line))
      .map((line, i) => (i === 0 || line === "" ? line : pad + line))
      .join(newline);
    text = text.slice(0, start) + rendered + text.slice(end);
  }
  return text;
}

function rangeOf(node: YAMLMap): [number, number] {
  if (!node.range) throw new Error("internal error: an edited node has no source range");
  return [node.range[0], node.range[1]];
}

function keyIs(yaml: Yaml, pair: Pair, key: string): boolean {
  return yaml.isScalar(pair.key) && pair.key.value === key;
}
