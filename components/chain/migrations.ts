import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { SourceTree } from "../source/source";
import { script } from "../util/shell";

/** Where Tesseral keeps its SQL migrations (embedded into openauthctl). */
export const MIGRATIONS_DIR = "cmd/openauthctl/migrations";

/** What the source's migrations are: what migrate would bring a database to. */
export interface MigrationsManifest {
    /** sha256 (hex) over the migration files' names and contents. */
    fingerprint: string;
    /** The highest version with an up migration. */
    newest: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JS, also run as a step on a fresh clone
const js = require("./migrations-manifest.js") as {
    migrationsManifest(files: { name: string; content: Buffer | string }[]): MigrationsManifest;
    manifestOfDir(dir: string): MigrationsManifest;
};

/** The manifest of migration files given by name and content. Pure. */
export const migrationsManifest: (files: { name: string; content: Buffer | string }[]) => MigrationsManifest = js.migrationsManifest;
/** The manifest of a migrations folder on disk. */
export const manifestOfDir: (dir: string) => MigrationsManifest = js.manifestOfDir;

/** Parses the manifest step's stdout (one JSON line); throws on anything else. Pure. */
export function parseManifest(stdout: string): MigrationsManifest {
    const line = stdout.trim().split("\n").pop() ?? "";
    const parsed = JSON.parse(line) as MigrationsManifest;
    if (!/^[0-9a-f]{64}$/.test(parsed.fingerprint) || !Number.isInteger(parsed.newest) || parsed.newest < 0) {
        throw new Error(`the migrations step printed no manifest: ${line}`);
    }
    return parsed;
}

/**
 * The manifest of the tree's migrations, as JSON: read now for a local checkout; for a git ref, by
 * a step on the clone (re-run when the ref changes; its output stays the same unless the migrations
 * changed, so nothing downstream re-runs for a ref that leaves them alone).
 */
export function migrationsOf(name: string, tree: SourceTree, ready: pulumi.Resource[], parent: pulumi.Resource): pulumi.Output<string> {
    if (tree.kind === "path") return pulumi.output(JSON.stringify(manifestOfDir(path.join(tree.dir, MIGRATIONS_DIR))));
    const step = new command.local.Command(`${name}-migrations`, {
        create: script(tree.prepare, `TESSERAL_MIGRATIONS_DIR="$TESSERAL_SOURCE/${MIGRATIONS_DIR}" node -e "$TESSERAL_MANIFEST_CODE"`),
        // The code itself (not a path: the step may run where this package is not).
        environment: { ...tree.environment, TESSERAL_MANIFEST_CODE: fs.readFileSync(path.join(__dirname, "migrations-manifest.js"), "utf8") },
        triggers: [tree.fingerprints.openauthctl],
        addPreviousOutputInEnv: false,
    }, { parent, dependsOn: ready });
    return step.stdout.apply((out) => JSON.stringify(parseManifest(out)));
}
