import * as fs from "fs";
import * as path from "path";

/**
 * Lambda's custom runtime starts a file named `bootstrap`. Tesseral reads its settings from
 * variables prefixed with its executable's upper-cased name, so renamed it would look for
 * BOOTSTRAP_* and start unconfigured. The wrapper keeps the binary named `api` and execs it.
 */
export const BOOTSTRAP_WRAPPER = [
    "#!/bin/sh",
    "# Tesseral reads <BINARY>_* settings: run it under its own name so it reads API_*.",
    `cd "$(dirname "$0")"`,
    "exec ./api \"$@\"",
    "",
].join("\n");

/** The files of the API function's zip, by name in the zip. */
export const LAMBDA_ZIP_ENTRIES = ["api", "bootstrap"] as const;

/** The reproducible zip writer's source, handed to `node -` by the build step. */
export function zipWriterSource(): string {
    return fs.readFileSync(path.join(__dirname, "zip-writer.js"), "utf8");
}
