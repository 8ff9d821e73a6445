/**
 * Lambda runtimes, from AWS's runtime table (docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html),
 * checked 2026-11-29: nodejs24.x is supported until its deprecation on 2028-04-30; nodejs22.x until
 * 2027-04-30; nodejs20.x was deprecated on 2026-04-30, and functions can no longer be created with
 * it from 2026-08-31 nor updated from 2026-09-30. provided.al2023 (the API's custom runtime) has no
 * deprecation date yet.
 */

/** The Node.js runtime of this package's own small functions (the ops runner, the origin-verify authorizer). */
export const NODE_RUNTIME = "nodejs24.x";

/** The runtimes a function of this package may use: ones AWS still lets a function be created and updated with. */
export const ALLOWED_RUNTIMES: readonly string[] = ["nodejs24.x", "nodejs22.x", "provided.al2023"];
