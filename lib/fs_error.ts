/**
 * A file system error as the short phrase a one-line error message wants ("no such file",
 * "permission denied"), without Deno's "(os error 2): readfile '…'" tail.
 *
 * @module
 */

/** Describes `err` for a message that already names the file. Needs no permissions. */
export function describeFsError(err: unknown): string {
  if (err instanceof Deno.errors.NotFound) return "no such file";
  if (err instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (err instanceof Deno.errors.IsADirectory) return "is a directory";
  if (err instanceof Deno.errors.NotADirectory) return "not a directory";
  if (err instanceof Deno.errors.Busy) return "resource busy";
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\(os error \d+\).*$/, "");
}
