/**
 * AWS on loopback, for the real-Tesseral layer and `npm run local`: moto's server (S3, Secrets
 * Manager, SES v2, CloudFront, STS) and local-kms (KMS with real RSA keys; Tesseral's own dev
 * setup uses it) behind a guard that refuses what real KMS refuses and local-kms lets through
 * (RSAES_OAEP_SHA_256 on a symmetric key).
 * Clients reach them through AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_KMS, which the AWS SDKs for Go
 * (v2) and JavaScript (v3) honour.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ChildProcess, spawn, spawnSync } from "child_process";
import { waitForPort } from "./ports";

export interface AwsEmulatorOptions {
    /** moto's port; default 45660. */
    motoPort?: number;
    /** KMS's port (the guard; local-kms itself listens on the next one); default 45670. */
    kmsPort?: number;
    region?: string;
}

export interface AwsEmulator {
    /** moto's endpoint (every service but KMS). */
    endpoint: string;
    kmsEndpoint: string;
    region: string;
    /** Environment for an AWS SDK client: endpoints, region and dummy credentials. */
    env: Record<string, string>;
    stop(): Promise<void>;
}

/** The pinned versions `.ci/run` installs; a missing tool's message says how to install it. */
export const MOTO_REQUIREMENT = "moto[server]==5.2.5";
export const LOCAL_KMS_MODULE = "github.com/nsmithuk/local-kms@v0.0.0-20260228092603-2a5e92d09ab6";

/** Where a program is: on PATH, or in Go's bin folder. Undefined when not installed. */
export function findProgram(name: string): string | undefined {
    const dirs = (process.env.PATH ?? "").split(path.delimiter);
    const gopath = spawnSync("go", ["env", "GOPATH"], { encoding: "utf8" }).stdout?.trim();
    if (gopath) dirs.push(path.join(gopath, "bin"));
    for (const dir of dirs) {
        const file = path.join(dir, name);
        try {
            fs.accessSync(file, fs.constants.X_OK);
            return file;
        } catch { /* not here */ }
    }
    return undefined;
}

/** Starts both emulators on loopback and waits until they answer. */
export async function startAwsEmulator(opts: AwsEmulatorOptions = {}): Promise<AwsEmulator> {
    const region = opts.region ?? "us-west-2";
    const motoPort = opts.motoPort ?? 45660;
    const kmsPort = opts.kmsPort ?? 45670;
    const moto = findProgram("moto_server");
    if (!moto) throw new Error(`moto_server not found: install it with \`python3 -m pip install '${MOTO_REQUIREMENT}'\``);
    const localKms = findProgram("local-kms");
    if (!localKms) throw new Error(`local-kms not found: install it with \`go install ${LOCAL_KMS_MODULE}\``);
    const kmsData = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-kms-"));
    const children: ChildProcess[] = [
        spawn(moto, ["-H", "127.0.0.1", "-p", String(motoPort)], { stdio: "ignore" }),
        spawn(localKms, [], {
            stdio: "ignore",
            env: { ...process.env, PORT: String(kmsPort + 1), KMS_REGION: region, KMS_ACCOUNT_ID: "123456789012", KMS_DATA_PATH: kmsData },
        }),
    ];
    const stop = async () => {
        await Promise.all(children.map((c) => new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once("exit", () => resolve());
            c.kill();
        })));
        fs.rmSync(kmsData, { recursive: true, force: true });
    };
    try {
        await waitForPort(motoPort, 30_000, children[0], "moto_server");
        await waitForPort(kmsPort + 1, 30_000, children[1], "local-kms");
        // Its own process: command steps run with spawnSync, which would block a guard in this one.
        children.push(spawn(process.execPath, ["--require", require.resolve("tsx/cjs"), path.join(__dirname, "kms-guard.ts"), String(kmsPort), String(kmsPort + 1)], { stdio: "ignore" }));
        await waitForPort(kmsPort, 30_000, children[2], "the KMS guard");
    } catch (e) {
        await stop();
        throw e;
    }
    const endpoint = `http://127.0.0.1:${motoPort}`;
    const kmsEndpoint = `http://127.0.0.1:${kmsPort}`;
    return {
        endpoint, kmsEndpoint, region, stop,
        env: {
            AWS_ENDPOINT_URL: endpoint,
            AWS_ENDPOINT_URL_KMS: kmsEndpoint,
            AWS_REGION: region,
            AWS_DEFAULT_REGION: region,
            AWS_ACCESS_KEY_ID: "AKIDLOCALEMULATOR",
            AWS_SECRET_ACCESS_KEY: "local-emulator-secret",
            AWS_EC2_METADATA_DISABLED: "true",
        },
    };
}
