import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawn, spawnSync } from "child_process";
import { expect } from "chai";
import { functionEnvironment } from "../../components/api/environment";
import { goArch, parseBuildDigests } from "../../components/build/go-binary";
import { apiSecretEnvironment } from "../../components/data/api-secrets";
import { KMS_PURPOSES, KmsPurpose } from "../../components/data/keys";
import { copyFixture, hostArchitecture } from "../support/fixture";
import { runApiBuildStep } from "../support/go-build";
import { get, getWithRetry } from "../support/http";
import { readZip } from "../support/zip";

const PORT = 18531;
const DSN = "postgres://tesseral:not-a-real-password@db.internal:5432/tesseral?sslmode=require";
const PAGE = "5e".repeat(32);

/** What the function's environment would be, on a loopback port, plus what the secret loader would set. */
function startEnvironment(): { plain: Record<string, string>; secrets: Record<string, string> } {
    const purposes = Object.keys(KMS_PURPOSES) as KmsPurpose[];
    const plain = functionEnvironment({
        secretVersionId: "version-1",
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
        parseBuildDigests(runApiBuildStep(src, project, goArch(hostArchitecture())));
        task = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-task-"));
        // Extracted as Lambda does: every entry with the Unix mode its central directory records.
        const modes: Record<string, number> = {};
        for (const e of readZip(fs.readFileSync(path.join(project, "out", "lambda.zip")))) {
            fs.writeFileSync(path.join(task, e.name), e.data, { mode: e.mode & 0o777 });
            modes[e.name] = e.mode & 0o777;
        }
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
