import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { ChildProcess, spawn, spawnSync } from "child_process";
import { expect } from "chai";
import { functionEnvironment } from "../../components/api/environment";
import { goBuildScript, parseBuildDigests } from "../../components/build/go-binary";
import { zipWriterSource } from "../../components/build/lambda-bundle";
import { apiSecretEnvironment } from "../../components/data/api-secrets";
import { KMS_PURPOSES, KmsPurpose } from "../../components/data/keys";
import { copyFixture, hostArchitecture } from "../support/fixture";

const PORT = 18531;
const DSN = "postgres://tesseral:not-a-real-password@db.internal:5432/tesseral?sslmode=require";
const PAGE = "5e".repeat(32);

/** Runs the API build step's own script for this machine's architecture, as the command resource would. */
function buildForHost(src: string, project: string): void {
    const goarch = hostArchitecture() === "arm64" ? "arm64" : "amd64";
    const res = spawnSync("/bin/sh", ["-c", goBuildScript("", true)], {
        cwd: project,
        input: zipWriterSource(),
        encoding: "utf8",
        env: { ...process.env, TESSERAL_SOURCE: src, TESSERAL_OUT: "out", TESSERAL_BINARY: "api", TESSERAL_PACKAGE: "./cmd/api", GOOS: "linux", GOARCH: goarch, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly" },
    });
    if (res.status !== 0) throw new Error(res.stderr);
    parseBuildDigests(res.stdout);
}

/** Extracts a zip as Lambda does: every entry with the Unix mode its central directory records. */
function unzipTo(zipFile: string, dir: string): Record<string, number> {
    const buf = fs.readFileSync(zipFile);
    const modes: Record<string, number> = {};
    const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const count = buf.readUInt16LE(end + 10);
    let p = buf.readUInt32LE(end + 16);
    for (let i = 0; i < count; i++) {
        expect(buf.readUInt32LE(p)).to.equal(0x02014b50);
        const method = buf.readUInt16LE(p + 10);
        const size = buf.readUInt32LE(p + 20);
        const nameLen = buf.readUInt16LE(p + 28);
        const skip = nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
        const mode = (buf.readUInt32LE(p + 38) >>> 16) & 0o777;
        const local = buf.readUInt32LE(p + 42);
        const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
        const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const raw = buf.subarray(dataAt, dataAt + size);
        fs.writeFileSync(path.join(dir, name), method === 8 ? zlib.inflateRawSync(raw) : raw, { mode });
        modes[name] = mode;
        p += 46 + skip;
    }
    return modes;
}

function get(url: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        http.get(url, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (c) => { body += c; });
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        }).on("error", reject);
    });
}

async function getWithRetry(url: string, child: ChildProcess): Promise<{ status: number; body: string }> {
    for (let i = 0; i < 100; i++) {
        if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
        try {
            return await get(url);
        } catch {
            await new Promise((r) => setTimeout(r, 100));
        }
    }
    throw new Error(`${url} never answered`);
}

/** What the function's environment would be, on a loopback port, plus what the secret loader would set. */
function startEnvironment(): { plain: Record<string, string>; secrets: Record<string, string> } {
    const purposes = Object.keys(KMS_PURPOSES) as KmsPurpose[];
    const plain = functionEnvironment({
        consoleDomain: "console.auth.example.com", vaultDomain: "vault.console.auth.example.com",
        authAppsRootDomain: "vaults.auth.example.com", userContentDomain: "usercontent.auth.example.com",
        dogfoodProjectId: "project_0123456789abcdefghijklmno",
        kmsKeyIds: Object.fromEntries(purposes.map((p) => [p, `0000000${purposes.indexOf(p)}-1111-2222-3333-444444444444`])) as Record<KmsPurpose, string>,
        userContentBucketName: "tesseral-user-content-123", region: "us-west-2",
        secretArn: "arn:aws:secretsmanager:us-west-2:123456789012:secret:dev-tesseral-api-AbCdEf",
        serveAddr: `127.0.0.1:${PORT}`,
    });
    return { plain, secrets: apiSecretEnvironment({ dsn: DSN, pageEncodingValue: PAGE }) };
}

describe("the API starts as the function would start it @integration", function () {
    this.timeout(5 * 60 * 1000);
    let task: string;

    before(() => {
        const src = copyFixture();
        const project = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-api-start-"));
        buildForHost(src, project);
        task = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-task-"));
        const modes = unzipTo(path.join(project, "out", "lambda.zip"), task);
        expect(Object.keys(modes).sort()).to.deep.equal(["api", "bootstrap"]);
        for (const [name, mode] of Object.entries(modes)) expect(mode & 0o111, `${name} is executable`).to.not.equal(0);
    });

    it("started through the zip's bootstrap with the function's environment and the loaded secrets, answers its health path", async () => {
        const { plain, secrets } = startEnvironment();
        const child = spawn(path.join(task, "bootstrap"), [], { cwd: os.tmpdir(), env: { PATH: process.env.PATH ?? "", ...plain, ...secrets }, stdio: "ignore" });
        try {
            const health = await getWithRetry(`http://127.0.0.1:${PORT}/api/internal/health`, child);
            expect(health).to.deep.equal({ status: 200, body: "ok" });
            // It runs as `api`: it read every API_* setting it was given (the fixture reports them, secrets as "set").
            const settings = JSON.parse((await get(`http://127.0.0.1:${PORT}/api/internal/settings`)).body) as Record<string, string>;
            const given = { ...plain, ...secrets };
            const expected: Record<string, string> = {};
            for (const [k, v] of Object.entries(given)) {
                if (k.startsWith("API_")) expected[k] = /DSN|PASSWORD|SECRET|KEY|ENCODING/.test(k) ? "set" : v;
            }
            expect(settings).to.deep.equal(expected);
            expect(settings.API_DB_DSN).to.equal("set");
            expect(settings.API_CONSOLE_DOMAIN).to.equal("console.auth.example.com");
            expect(plain.AWS_LWA_PORT).to.equal(String(PORT));
        } finally {
            child.kill();
        }
    });

    it("would start unconfigured if Lambda ran the binary itself as `bootstrap` (the trap the wrapper avoids)", async () => {
        const renamed = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-renamed-"));
        fs.copyFileSync(path.join(task, "api"), path.join(renamed, "bootstrap"));
        fs.chmodSync(path.join(renamed, "bootstrap"), 0o755);
        const { plain, secrets } = startEnvironment();
        const res = spawnSync(path.join(renamed, "bootstrap"), [], { env: { PATH: process.env.PATH ?? "", ...plain, ...secrets }, encoding: "utf8", timeout: 10000 });
        expect(res.status).to.equal(1);
        expect(res.stderr).to.include("BOOTSTRAP_SERVE_ADDR is not set");
    });
});
