/**
 * An error the user can act on: bad input, a missing file, a wrong flag.
 * The CLI prints its message as one line (no stack trace) and exits with `exitCode`.
 */
export class SesameError extends Error {
  constructor(message: string, readonly exitCode: number = 2) {
    super(message);
    this.name = 'SesameError';
  }
}

/** A bad command-line call or input file: exit code 2. */
export class UsageError extends SesameError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}
