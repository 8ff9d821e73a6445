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

    // What the program puts in the ops function's environment; the event itself is constant.
    const bootstrapEvent = { action: "bootstrap" };
    const BOOTSTRAP_ENV = {
        TESSERAL_ROOT_USER_EMAIL: "root@example.com", TESSERAL_CONSOLE_DOMAIN: "console.auth.example.com",
        TESSERAL_VAULT_DOMAIN: "vault.console.auth.example.com", TESSERAL_SESSION_KMS_KEY_ID: "key-1",
    };
    beforeEach(() => { Object.assign(process.env, BOOTSTRAP_ENV); });
    afterEach(() => { for (const k of Object.keys(BOOTSTRAP_ENV)) delete process.env[k]; });

    it("migrates", async () => {
        const handler = createHandler({ getDsn: async () => dsn, binDir });
        // Without the migrations in the event (an older program) there is nothing to compare: no snapshot.
        expect(await handler({ action: "migrate" })).to.deep.equal({ action: "migrate", version: "2", snapshot: null, snapshotReason: "new database", deletedSnapshots: [] });
        expect(await pg.query("select version from schema_migrations")).to.deep.equal([{ version: "2" }]);
    });

    it("migrates again with nothing to apply: openauthctl's `no change` (exit 1) is success", async () => {
        const direct = spawnSync(path.join(binDir, "openauthctl"), ["migrate", "-d", dsn, "up"], { encoding: "utf8" });
        expect([direct.status, direct.stderr.trim()]).to.deep.equal([1, `${path.join(binDir, "openauthctl")} migrate up: no change`]);
        const handler = createHandler({ getDsn: async () => dsn, binDir });
        expect(await handler({ action: "migrate" })).to.deep.include({ action: "migrate", version: "2", snapshot: null });
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
        // The first call is `migrate version` (is this an existing database? a snapshot first?).
        expect(message).to.match(/^openauthctl migrate version failed \(exit 1\): .*password authentication failed/);
        expect(message).to.not.include("wrongPassword987");
        expect(message).to.not.include(bad);
    });

    it("redacts a DSN and its password wherever they appear", async () => {
        expect(redact(`x ${dsn} y ${PASSWORD}`, [dsn])).to.equal("x [redacted] y [redacted]");
    });

    it("reads bootstrap's settings from the function's environment and names a missing one", async () => {
        delete process.env.TESSERAL_VAULT_DOMAIN;
        const handler = createHandler({ getDsn: async () => dsn, binDir });
        expect(await failureMessage(() => handler(bootstrapEvent))).to.match(/bootstrap needs TESSERAL_VAULT_DOMAIN in the function's environment/);
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
        Object.assign(process.env, {
            AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "s", AWS_SESSION_TOKEN: "t", AWS_REGION: "eu-west-1",
            TESSERAL_ROOT_USER_EMAIL: "r@example.com", TESSERAL_CONSOLE_DOMAIN: "c.example.com", TESSERAL_VAULT_DOMAIN: "v.c.example.com", TESSERAL_SESSION_KMS_KEY_ID: "k",
        });
        try {
            const handler = createHandler({
                getDsn: async () => "postgres://u:p@h/db", binDir: "/bin",
                exec: async (_f, _a, env) => { seen.push(env); return { code: 0, stdout: "project_0123456789abcdefghijklmno\tr@example.com\tthis_is_a_very_sensitive_password_x", stderr: "" }; },
            });
            await handler({ action: "bootstrap" });
        } finally {
            for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "TESSERAL_ROOT_USER_EMAIL", "TESSERAL_CONSOLE_DOMAIN", "TESSERAL_VAULT_DOMAIN", "TESSERAL_SESSION_KMS_KEY_ID"]) {
                if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
            }
        }
        expect(seen).to.have.length(1);
        expect(seen[0]).to.include({ AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "s", AWS_SESSION_TOKEN: "t", AWS_REGION: "eu-west-1", HOME: "/tmp" });
    });
});
