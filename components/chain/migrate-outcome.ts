/**
 * How a finished `openauthctl migrate -d DSN up` is judged. On a database already at the newest
 * migration it prints `<argv0> migrate up: no change` (golang-migrate's ErrNoChange, prefixed with
 * the command path by the CLI library) and exits 1; both runners count that as success. The rule lives in the ops handler, which ships
 * alone in the ops function's zip; the local runner's script uses the same constant.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JS shipped to Lambda as is
const handler = require("../runner/ops-handler.js") as {
    MIGRATE_NO_CHANGE: string;
    migrateUpSucceeded(code: number, stderr: string): boolean;
};

/** How the last stderr line of `migrate up` ends when there is nothing to apply. */
export const MIGRATE_NO_CHANGE: string = handler.MIGRATE_NO_CHANGE;

/** True when a finished `migrate up` succeeded: exit 0, or exit 1 with the no-change line last. */
export const migrateUpSucceeded: (code: number, stderr: string) => boolean = handler.migrateUpSucceeded;
