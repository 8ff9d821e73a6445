/**
 * `npm run local`: Tesseral on this machine, to try it before giving it an AWS account. The same
 * machinery as the real-Tesseral test layer: the program's own build steps, migrate and bootstrap
 * (runner local) against a real PostgreSQL, KMS/Secrets Manager/S3/SES from an emulator on
 * loopback, the real `api` started as Lambda starts it, and the edge built from the program's
 * CloudFront distributions, on https://*.tesseral.localhost (browsers resolve `*.localhost` to
 * this machine). Ctrl-C stops everything it started.
 */
import * as path from "path";
import { spawnSync } from "child_process";
import { plain } from "../test/support/values";
import { findProgram, LOCAL_KMS_MODULE, MOTO_REQUIREMENT } from "./local/aws-emulator";
import { locateRealSource, REPO_ROOT } from "./local/real-source";
import { LocalStack } from "./local/stack";

const DOMAIN = process.env.TESSERAL_LOCAL_DOMAIN ?? "tesseral.localhost";
const EMAIL = process.env.TESSERAL_LOCAL_EMAIL ?? "admin@example.com";
const PORTS = { postgres: 55432, moto: 45660, kms: 45670, edge: Number(process.env.TESSERAL_LOCAL_PORT ?? 443) };

/** One message per missing prerequisite. */
function missingPrerequisites(): string[] {
    const problems: string[] = [];
    const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: "ignore" }).status === 0;
    if (!has("go", ["version"])) problems.push("Go 1.24 or newer is needed to build Tesseral: https://go.dev/dl/");
    if (!has("git", ["--version"])) problems.push("git is needed to fetch Tesseral's source");
    if (!has("openssl", ["version"])) problems.push("openssl is needed for the local TLS certificates");
    if (!findProgram("moto_server")) problems.push(`the AWS emulator is missing: python3 -m pip install '${MOTO_REQUIREMENT}'`);
    if (!findProgram("local-kms")) problems.push(`the KMS emulator is missing: go install ${LOCAL_KMS_MODULE}`);
    return problems;
}

async function main(): Promise<void> {
    const problems = missingPrerequisites();
    if (problems.length > 0) {
        for (const p of problems) console.error(`npm run local: ${p}`);
        process.exit(1);
    }
    const cache = path.join(REPO_ROOT, ".tesseral", "local-cache");
    const source = locateRealSource({ cacheDir: cache, env: process.env.TESSERAL_LOCAL_SOURCE ?? process.env.TESSERAL_E2E_SOURCE });
    if ("skip" in source) {
        console.error(`npm run local: ${source.skip}`);
        process.exit(1);
    }
    const started = Date.now();
    const say = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
    say(`Tesseral from ${source.origin}`);
    const stack = new LocalStack({
        sourceDir: source.dir, projectDir: path.join(REPO_ROOT, ".tesseral", "local-project"), domain: DOMAIN, rootUserEmail: EMAIL,
        ports: PORTS, progress: say,
    });
    let stopping = false;
    const stop = async (code: number) => {
        if (stopping) return;
        stopping = true;
        say("stopping everything npm run local started");
        await stack.stop().catch(() => undefined);
        process.exit(code);
    };
    process.on("SIGINT", () => void stop(0));
    process.on("SIGTERM", () => void stop(0));
    try {
        const d = await stack.prepare();
        say("building Tesseral (api, openauthctl, vault-ui, console), migrating and bootstrapping: the first run takes minutes");
        const ticker = setInterval(() => say(`still working: ${[...d.engine.durations.keys()].join(", ") || "building"} done so far`), 30_000);
        try {
            await d.up({ api: { architecture: process.arch === "arm64" ? "arm64" : "x86_64" } });
        } finally {
            clearInterval(ticker);
        }
        await stack.serve();
        const out = d.stackOutputs();
        const edgePort = PORTS.edge === 443 ? "" : `:${PORTS.edge}`;
        console.log("");
        console.log(`  Console:   ${String(out.consoleUrl)}${edgePort}`);
        console.log(`  Log in as: ${String(out.bootstrapUserEmail)}`);
        console.log(`  Password:  ${String(plain(out.bootstrapUserPassword))}   (shown once, here only)`);
        console.log("");
        console.log("  The certificate is self-signed: accept it for the console and for vault.console." + DOMAIN + ",");
        console.log(`  or start a throw-away Chromium: chromium --user-data-dir=$(mktemp -d) --ignore-certificate-errors ${String(out.consoleUrl)}`);
        console.log(`  API log: ${stack.api!.logFile}. Ctrl-C stops everything.`);
    } catch (e) {
        console.error(`npm run local: ${e instanceof Error ? e.message : String(e)}`);
        await stop(1);
    }
}

void main();
