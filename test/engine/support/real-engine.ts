// The real Pulumi engine (built from source by ../shared/pulumi-engine/build.sh, installed in
// /opt/pulumi) with the stand-in AWS provider, in a private PULUMI_HOME and a file backend, so a
// test never touches ~/.pulumi or another engineer's stacks.
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";

const run = promisify(execFile);

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const ENGINE_PREFIX = process.env.PULUMI_ENGINE_PREFIX ?? "/opt/pulumi";
/** The AWS plugin versions the program (@pulumi/aws) and awsx's children request. */
export const STANDIN_AWS_VERSIONS = ["7.48.0", "7.43.0"] as const;

/** Why the layer cannot run here, or undefined when the engine is installed. */
export function engineMissing(): string | undefined {
    for (const bin of ["pulumi", "pulumi-language-nodejs"]) {
        if (!fs.existsSync(path.join(ENGINE_PREFIX, "bin", bin))) {
            return `the real Pulumi engine is not installed (${ENGINE_PREFIX}/bin/${bin} missing; build it with ../shared/pulumi-engine/build.sh)`;
        }
    }
    return undefined;
}

/** In a `before` hook: skips the suite, with one line saying why, when the engine is not installed. */
export function skipWithoutEngine(ctx: Mocha.Context): void {
    const missing = engineMissing();
    if (missing) {
        console.log(`    engine layer skipped: ${missing}`);
        ctx.skip();
    }
}

/** Install the stand-in AWS provider as pulumi-resource-aws at `version` in `pluginsDir`. */
export function installStandin(pluginsDir: string, version: string): void {
    const dir = path.join(pluginsDir, `resource-aws-v${version}`);
    fs.mkdirSync(dir, { recursive: true });
    const loader = path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cjs", "index.cjs");
    const entry = path.join(REPO_ROOT, "test", "engine", "aws-standin", "provider.ts");
    const script = `#!/bin/sh\nSTANDIN_AWS_VERSION=${version} exec node --require "${loader}" "${entry}" "$@"\n`;
    fs.writeFileSync(path.join(dir, "pulumi-resource-aws"), script, { mode: 0o755 });
}

export interface Engine {
    /** Environment for every pulumi command of this engine. */
    env: NodeJS.ProcessEnv;
    home: string;
    /** Run `pulumi args...` in `cwd`; resolves with stdout/stderr and the exit code, never rejects. */
    pulumi(args: string[], cwd: string, extraEnv?: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }>;
    dispose(): void;
}

/** A private PULUMI_HOME holding the built plugins (linked) and the stand-in, and a file backend. */
export function makeEngine(extraEnv: NodeJS.ProcessEnv = {}): Engine {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-engine-"));
    const plugins = path.join(home, "plugins");
    fs.mkdirSync(plugins);
    const store = path.join(ENGINE_PREFIX, "plugins");
    // The engine skips symlinked plugin folders: hard-linked copies (same file system), else copies.
    for (const d of fs.existsSync(store) ? fs.readdirSync(store) : []) {
        try {
            execFileSync("cp", ["-al", path.join(store, d), path.join(plugins, d)]);
        } catch {
            fs.cpSync(path.join(store, d), path.join(plugins, d), { recursive: true });
        }
    }
    for (const v of STANDIN_AWS_VERSIONS) installStandin(plugins, v);
    const backend = path.join(home, "backend");
    fs.mkdirSync(backend);
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: `${path.join(ENGINE_PREFIX, "bin")}:${process.env.PATH ?? ""}`,
        PULUMI_HOME: home,
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: "engine-layer-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        ...extraEnv,
    };
    return {
        env,
        home,
        async pulumi(args, cwd, more = {}) {
            try {
                const { stdout, stderr } = await run(path.join(ENGINE_PREFIX, "bin", "pulumi"), [...args, "--non-interactive"], { cwd, env: { ...env, ...more }, maxBuffer: 256 * 1024 * 1024, timeout: 30 * 60_000 });
                return { code: 0, stdout, stderr };
            } catch (e) {
                const err = e as { code?: number; stdout?: string; stderr?: string };
                return { code: typeof err.code === "number" ? err.code : 1, stdout: err.stdout ?? "", stderr: err.stderr ?? String(e) };
            }
        },
        dispose() {
            fs.rmSync(home, { recursive: true, force: true });
        },
    };
}
