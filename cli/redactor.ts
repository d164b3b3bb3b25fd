/**
 * The last line of defence for secrets on stderr: every line the CLI writes there passes
 * through a redactor that knows the secrets of this run (client secrets, passwords, issued
 * tokens) and replaces them. Code must still never put a secret in a message.
 *
 * @module
 */

/** Replaces known secret values in text. */
export class Redactor {
  #secrets: string[] = [];

  /** Registers values to hide. Very short values are ignored (they would mangle text). */
  add(...values: (string | undefined)[]): void {
    for (const v of values) {
      if (v !== undefined && v.length >= 4 && !this.#secrets.includes(v)) this.#secrets.push(v);
    }
    this.#secrets.sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let out = text;
    for (const secret of this.#secrets) out = out.replaceAll(secret, "[redacted]");
    return out;
  }
}
