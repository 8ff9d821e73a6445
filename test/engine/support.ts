/**
 * The real Pulumi CLI, where it is installed (`/work/shared/pulumi-engine/build.sh` builds it from
 * source into /opt/pulumi; `PULUMI_CLI` or PATH name another): its environment for tests, with a
 * file backend and no plugin downloads.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync, SpawnSyncReturns } from "child_process";
import { REPO_ROOT } from "../support/evaluate";

export function pulumiCli(): string | undefined {
    const candidates = [process.env.PULUMI_CLI, "/opt/pulumi/bin/pulumi", ...(process.env.PATH ?? "").split(":").map((d) => path.join(d, "pulumi"))];
    return candidates.find((c): c is string => !!c && fs.existsSync(c));
}

export interface CliRun { status: number | null; output: string }

/** Runs the CLI with a file backend in `backendDir`, no update checks and no plugin downloads. */
export function runPulumi(cli: string, args: string[], cwd: string, backendDir: string): CliRun {
    const r: SpawnSyncReturns<string> = spawnSync(cli, [...args, "--non-interactive"], {
        cwd, encoding: "utf8", timeout: 10 * 60_000,
        env: {
            ...process.env, PATH: `${path.dirname(cli)}:${process.env.PATH}`,
            PULUMI_BACKEND_URL: `file://${backendDir}`, PULUMI_CONFIG_PASSPHRASE: "engine-layer-test",
            PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        },
    });
    return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/** A scratch copy of the project as a user checks it out (node_modules linked), so the CLI may write stack files. */
export function projectCopy(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-cli-"));
    // dist/ as `npm ci` leaves it (its prepare script builds the library): package.json "main" points there.
    for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml", "index.ts", "package.json", "tsconfig.json", "components", "plugin", "dist"]) {
        fs.cpSync(path.join(REPO_ROOT, f), path.join(dir, f), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
    return dir;
}
