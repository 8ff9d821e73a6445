import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync, spawnSync } from "child_process";
import { expect } from "chai";
import { FIXTURE } from "../support/fixture";
import { failureMessage } from "../support/errors";
import { startPostgres, TestPostgres } from "../support/postgres";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createHandler, redact } = require("../../components/runner/ops-handler.js") as {
    createHandler(o: {
        getDsn: () => Promise<string>;
        binDir: string;
        exec?: (file: string, args: string[], env: Record<string, string | undefined>) => Promise<{ code: number; stdout: string; stderr: string }>;
    }): (event: unknown) => Promise<Record<string, string>>;
    redact(text: string, secrets: string[]): string;
};

const PASSWORD = "opsHandlerPw0123456789";

/** The ops function's handler, called directly against a real PostgreSQL with the fixture openauthctl. @integration */
describe("ops handler @integration", function () {
    this.timeout(10 * 60 * 1000);
    let pg: TestPostgres;
    let binDir: string;
    let dsn: string;

    before(async () => {
        pg = await startPostgres(54731);
        await pg.createOwnedDatabase("tesseral", PASSWORD, "tesseral");
        dsn = `postgres://tesseral:${PASSWORD}@127.0.0.1:54731/tesseral?sslmode=require`;
        binDir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-bin-"));
        execFileSync("go", ["build", "-trimpath", "-o", path.join(binDir, "openauthctl"), "./cmd/openauthctl"], {
            cwd: FIXTURE, env: { ...process.env, CGO_ENABLED: "0" }, stdio: "inherit",
        });
    });
    after(async () => pg?.stop());

    const bootstrapEvent = {
        action: "bootstrap", rootUserEmail: "root@example.com", consoleDomain: "console.auth.example.com",
        vaultDomain: "vault.console.auth.example.com", sessionKmsKeyId: "key-1",
    };

    it("migrates", async () => {
        const handler = createHandler({ getDsn: async () => dsn, binDir });
        expect(await handler({ action: "migrate" })).to.deep.equal({ action: "migrate", version: "2" });
        expect(await pg.query("select version from schema_migrations")).to.deep.equal([{ version: "2" }]);
    });

    it("migrates again with nothing to apply: openauthctl's `no change` (exit 1) is success", async () => {
        const direct = spawnSync(path.join(binDir, "openauthctl"), ["migrate", "-d", dsn, "up"], { encoding: "utf8" });
        expect([direct.status, direct.stderr.trim()]).to.deep.equal([1, `${path.join(binDir, "openauthctl")} migrate up: no change`]);
        const handler = createHandler({ getDsn: async () => dsn, binDir });
        expect(await handler({ action: "migrate" })).to.deep.equal({ action: "migrate", version: "2" });
    });

    it("bootstraps once and returns the line's fields", async () => {
        const handler = createHandler({ getDsn: async () => dsn, binDir });
        const result = await handler(bootstrapEvent);
        const [project] = await pg.query<{ id: string }>("select id from projects");
        expect(result).to.deep.include({ action: "bootstrap", dogfoodProjectId: project.id, bootstrapUserEmail: "root@example.com" });
        expect(result.bootstrapUserPassword).to.match(/^this_is_a_very_sensitive_password_[0-9a-f]{32}$/);
    });

    it("refuses a second bootstrap: no second project, a message that says how to adopt", async () => {
        const handler = createHandler({ getDsn: async () => dsn, binDir });
        const message = await failureMessage(() => handler(bootstrapEvent));
        expect(message).to.match(/already holds a project.*dogfoodProjectId/);
        expect(await pg.query("select count(*)::int as n from projects")).to.deep.equal([{ n: 1 }]);
    });

    it("fails a migration with openauthctl's own error text and without the DSN or its password", async () => {
        const bad = dsn.replace(PASSWORD, "wrongPassword987");
        const handler = createHandler({ getDsn: async () => bad, binDir });
        const message = await failureMessage(() => handler({ action: "migrate" }));
        expect(message).to.match(/^openauthctl migrate up failed \(exit 1\): .*password authentication failed/);
        expect(message).to.not.include("wrongPassword987");
        expect(message).to.not.include(bad);
    });

    it("redacts a DSN and its password wherever they appear", async () => {
        expect(redact(`x ${dsn} y ${PASSWORD}`, [dsn])).to.equal("x [redacted] y [redacted]");
    });

    it("rejects unknown actions", async () => {
        const handler = createHandler({ getDsn: async () => dsn, binDir });
        const message = await failureMessage(() => handler({ action: "drop" }));
        expect(message).to.match(/unknown action "drop"/);
    });
});

describe("ops handler environment", () => {
    it("hands openauthctl the function's AWS credentials and region (bootstrap calls KMS)", async () => {
        const seen: Record<string, string | undefined>[] = [];
        const saved = { ...process.env };
        Object.assign(process.env, { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "s", AWS_SESSION_TOKEN: "t", AWS_REGION: "eu-west-1" });
        try {
            const handler = createHandler({
                getDsn: async () => "postgres://u:p@h/db", binDir: "/bin",
                exec: async (_f, _a, env) => { seen.push(env); return { code: 0, stdout: "project_0123456789abcdefghijklmno\tr@example.com\tthis_is_a_very_sensitive_password_x", stderr: "" }; },
            });
            await handler({ action: "bootstrap", rootUserEmail: "r@example.com", consoleDomain: "c.example.com", vaultDomain: "v.c.example.com", sessionKmsKeyId: "k" });
        } finally {
            for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION"]) {
                if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
            }
        }
        expect(seen).to.have.length(1);
        expect(seen[0]).to.include({ AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "s", AWS_SESSION_TOKEN: "t", AWS_REGION: "eu-west-1", HOME: "/tmp" });
    });
});
