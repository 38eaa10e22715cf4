/** The one error type of the persistent state database, so callers can tell bad storage from engine bugs. */

/**
 * A state database could not be opened, read or written. `path` names the database folder; `problem` says
 * what is wrong and what to do about it. The message joins both, so it can be shown to a user as it is.
 */
export class DatabaseError extends Error {
  override name = "DatabaseError";

  constructor(
    readonly path: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`state database ${path}: ${problem}`, options);
  }
}
