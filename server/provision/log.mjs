// Console output of the provisioning steps: one line per action, one line per failure.

/** Says what the next action is, e.g. `→ installing redis-server (Debian package)…`. */
export function step(message) {
  console.log(`→ ${message}`);
}

/** Reports a finished or skipped action. */
export function done(message) {
  console.log(`✓ ${message}`);
}

/** Indented detail under the current step (progress of a long build). */
export function detail(message) {
  console.log(`  ${message}`);
}

/**
 * A failure the user can act on. Its message is one line that says what to install or set;
 * cli.mjs prints it without a stack trace and exits non-zero.
 */
export class ProvisionError extends Error {
  constructor(message) {
    super(message);
    this.name = "ProvisionError";
  }
}

/** Throws a {@link ProvisionError}. */
export function fail(message) {
  throw new ProvisionError(message);
}
