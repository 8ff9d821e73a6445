import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ChildProcess, spawn, spawnSync } from "child_process";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { ExecutingEngine } from "../support/engine";
import { evaluateProgram, Evaluation, REPO_ROOT, TEST_PROJECT_SERVICE_KEYS } from "../support/evaluate";
import { copyFixture, gitCommitAll, hostArchitecture } from "../support/fixture";
import { getWithRetry } from "../support/http";
import { startPostgres, TestPostgres } from "../support/postgres";
import { isSecret, nonSecretStrings, plain } from "../support/values";
import { CreateDBInstanceCommand, DescribeDBSnapshotsCommand, RDSClient } from "@aws-sdk/client-rds";
import { findProgram } from "../../scripts/local/aws-emulator";
import { waitForPort } from "../../scripts/local/ports";

const DB_PASSWORD = "layer3DbPassword0123456789";
const PG_PORT = 54631;
const API_PORT = 18431;
/** moto's RDS, where the local runner takes its snapshot before migrating an existing database. */
const MOTO_PORT = 45792;
const AWS_ENV = {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${MOTO_PORT}`, AWS_REGION: "us-west-2", AWS_DEFAULT_REGION: "us-west-2",
    AWS_ACCESS_KEY_ID: "AKIDCHAINTEST", AWS_SECRET_ACCESS_KEY: "chain-test-secret", AWS_EC2_METADATA_DISABLED: "true",
};
/** The DB instance identifier the mocks give the program's RDS instance. */
const DB_INSTANCE = "tesseral-db-postgres-0123abcd";

/** Layer 3: the build → migrate → bootstrap → console chain really executed; AWS mocked. @integration */
describe("deploy chain, run for real @integration", function () {
    this.timeout(15 * 60 * 1000);

    let pg: TestPostgres;
    let src: string;
    let projectDir: string;
    let engine: ExecutingEngine;
    let first: Evaluation;
    let moto: ChildProcess;
    let rds: RDSClient;
    /** What the mocked RDS instance answers: a replacement database has another endpoint and id. */
    const database = { port: PG_PORT, resourceId: "db-LOCALTEST" };

    const config = (source: Record<string, unknown>) => ({
        "aws:region": "us-west-2",
        domain: "auth.example.com",
        rootUserEmail: "root@example.com",
        runner: "local",
        protect: "false",
        api: { architecture: hostArchitecture() },
        source,
        ...TEST_PROJECT_SERVICE_KEYS,
    });
    const up = (source: Record<string, unknown>) =>
        evaluateProgram({ config: config(source), mocks: engine.mocks(), onRecorder: engine.attach });

    before(async () => {
        const motoServer = findProgram("moto_server");
        if (!motoServer) throw new Error("moto_server not found: python3 -m pip install 'moto[server]==5.2.5'");
        moto = spawn(motoServer, ["-H", "127.0.0.1", "-p", String(MOTO_PORT)], { stdio: "ignore" });
        await waitForPort(MOTO_PORT, 30_000, moto, "moto_server");
        rds = new RDSClient({ region: AWS_ENV.AWS_REGION, endpoint: AWS_ENV.AWS_ENDPOINT_URL, credentials: { accessKeyId: AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: AWS_ENV.AWS_SECRET_ACCESS_KEY } });
        await rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: DB_INSTANCE, Engine: "postgres", DBInstanceClass: "db.t4g.micro", AllocatedStorage: 20, MasterUsername: "tesseral", MasterUserPassword: "not-used-0123" }));
        pg = await startPostgres(PG_PORT);
        await pg.createOwnedDatabase("tesseral", DB_PASSWORD, "tesseral");
        src = copyFixture();
        projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-project-"));
        // As in a real project, the packages are beside the steps (the local runner's snapshot loads the RDS client from there).
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(projectDir, "node_modules"));
        engine = new ExecutingEngine(projectDir, (type, name) => {
            if (type === "aws:rds/instance:Instance") return { address: "127.0.0.1", port: database.port, resourceId: database.resourceId };
            if (type === "random:index/randomPassword:RandomPassword" && name === "tesseral-db-password") return { result: pulumi.secret(DB_PASSWORD) };
            return undefined;
        }, AWS_ENV);
        first = await up({ path: src });
    });

    after(async () => {
        await pg?.stop();
        if (moto && moto.exitCode === null) moto.kill();
    });

    const snapshots = async () => ((await rds.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: DB_INSTANCE, SnapshotType: "manual" }))).DBSnapshots ?? [])
        .map((x) => x.DBSnapshotIdentifier);

    it("ran every step once, in order", async () => {
        expect(Object.fromEntries(engine.actions)).to.deep.equal({
            "tesseral-chain-api-build": "create",
            "tesseral-chain-openauthctl-build": "create",
            "tesseral-chain-migrate": "create",
            "tesseral-chain-bootstrap": "create",
            "tesseral-chain-vault-ui-build": "create",
            "tesseral-chain-console-build": "create",
            "tesseral-api-code-upload": "create",
            // The rollout's health gate (an AWS step: the engine stands in for Lambda Invoke).
            "tesseral-api-health-gate": "create",
            "tesseral-edge-console-publish": "create",
            "tesseral-edge-vault-ui-publish": "create",
        });
    });

    it("built an api that, started through the Lambda bootstrap wrapper with API_SERVE_ADDR, answers its health path", async () => {
        const dir = path.join(projectDir, ".tesseral", "dev", "api");
        expect(fs.statSync(path.join(dir, "api")).mode & 0o111).to.not.equal(0);
        const child = spawn(path.join(dir, "bootstrap"), [], { env: { PATH: process.env.PATH, API_SERVE_ADDR: `127.0.0.1:${API_PORT}` }, stdio: "ignore" });
        try {
            const { status, body } = await getWithRetry(`http://127.0.0.1:${API_PORT}/api/internal/health`, child);
            expect(status).to.equal(200);
            expect(body).to.equal("ok");
        } finally {
            child.kill();
        }
    });

    it("migrated the schema", async () => {
        const rows = await pg.query<{ version: string; dirty: boolean }>("select version, dirty from schema_migrations");
        expect(rows).to.deep.equal([{ version: "2", dirty: false }]);
        const tables = await pg.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = 'public' order by 1");
        expect(tables.map((t) => t.table_name)).to.include.members(["projects", "users", "sessions"]);
    });

    it("bootstrapped once, and exported the project id, the e-mail and the password (secret)", async () => {
        const projects = await pg.query<{ id: string }>("select id from projects");
        expect(projects).to.have.length(1);
        expect(first.stackOutputs.dogfoodProjectId).to.equal(projects[0].id);
        expect(first.stackOutputs.bootstrapUserEmail).to.equal("root@example.com");
        expect(isSecret(first.stackOutputs.bootstrapUserPassword)).to.equal(true);
        expect(plain(first.stackOutputs.bootstrapUserPassword)).to.match(/^this_is_a_very_sensitive_password_[0-9a-f]{32}$/);
    });

    it("built the console with the project id and the vault URL baked in", async () => {
        const js = fs.readFileSync(path.join(projectDir, ".tesseral", "dev", "console", "public", "index.js"), "utf8");
        expect(js).to.include(first.stackOutputs.dogfoodProjectId as string);
        expect(js).to.include("https://vault.console.auth.example.com");
        expect(fs.existsSync(path.join(projectDir, ".tesseral", "dev", "vault-ui", "public", "index.html"))).to.equal(true);
    });

    it("never shows the password: not in a command string, a log line or a non-secret value", async () => {
        const password = plain(first.stackOutputs.bootstrapUserPassword) as string;
        for (const r of first.recorder.resources) {
            expect(String((plain(r.inputs) as Record<string, unknown>).create ?? ""), r.name).to.not.include(password);
            for (const s of nonSecretStrings(r.inputs)) expect(s.value, `${r.name} ${s.path}`).to.not.include(password);
            for (const s of nonSecretStrings(r.outputs ?? {})) expect(s.value, `${r.name} ${s.path}`).to.not.include(password);
        }
        for (const s of nonSecretStrings(first.stackOutputs)) expect(s.value, s.path).to.not.include(password);
        expect(engine.log.filter((l) => l.includes(password))).to.deep.equal([]);
        expect(engine.log.some((l) => l.includes(DB_PASSWORD))).to.equal(false);
        // The DSN reached migrate and bootstrap through their environment, as a secret.
        const migrate = first.recorder.named("tesseral-chain-migrate");
        expect(isSecret((migrate.inputs.environment as Record<string, unknown>).TESSERAL_DSN)).to.equal(true);
    });

    it("refuses a second bootstrap on the same database with a message on how to adopt it, printing nothing", async () => {
        const step = first.recorder.named("tesseral-chain-bootstrap");
        const env = plain(step.inputs.environment) as Record<string, string>;
        const res = spawnSync("/bin/sh", ["-c", step.inputs.create as string], { cwd: projectDir, env: { ...process.env, ...env }, encoding: "utf8" });
        expect(res.status).to.not.equal(0);
        expect(res.stdout).to.equal("");
        expect(res.stderr).to.match(/already holds a project.*tesseral:dogfoodProjectId/);
        expect(await pg.query("select count(*)::int as n from projects")).to.deep.equal([{ n: 1 }]);
    });

    it("does nothing on a second up with the same inputs", async () => {
        const second = await up({ path: src });
        expect([...engine.actions.values()].every((a) => a === "same"), JSON.stringify([...engine.actions])).to.equal(true);
        expect(second.stackOutputs.dogfoodProjectId).to.equal(first.stackOutputs.dogfoodProjectId);
    });

    it("re-runs only the console build and its publishing when a console file changes", async () => {
        fs.appendFileSync(path.join(src, "console", "src", "app.js"), "\n// changed\n");
        await up({ path: src });
        expect(changedSteps(engine)).to.deep.equal(["tesseral-chain-console-build", "tesseral-edge-console-publish"]);
        // An update, not a replacement: the publish step gets its previous manifest and moves only what changed.
        expect(engine.actions.get("tesseral-edge-console-publish")).to.equal("update");
    });

    it("re-runs the openauthctl build and migrate, not bootstrap, when a migration changes", async () => {
        const dir = path.join(src, "cmd", "openauthctl", "migrations");
        fs.writeFileSync(path.join(dir, "000003_audit.up.sql"), "CREATE TABLE audit_events (id text primary key);\n");
        fs.writeFileSync(path.join(dir, "000003_audit.down.sql"), "DROP TABLE audit_events;\n");
        await up({ path: src });
        expect(changedSteps(engine)).to.deep.equal(["tesseral-chain-migrate", "tesseral-chain-openauthctl-build"]);
        expect(await pg.query("select version from schema_migrations")).to.deep.equal([{ version: "3" }]);
        // The database existed at version 2: migrate snapshotted it first (the first up, on a new database, did not).
        const taken = await snapshots();
        expect(taken).to.have.length(1);
        expect(taken[0]).to.match(/^tesseral-mig-dev-[0-9a-f]{8}-[0-9a-f]{16}-v2$/);
        expect(await pg.query("select count(*)::int as n from projects")).to.deep.equal([{ n: 1 }]);
    });

    it("re-runs the api build but uploads nothing when an API Go change leaves the binary the same", async () => {
        const file = path.join(src, "internal", "apiserver", "apiserver.go");
        fs.appendFileSync(file, "\n// a comment: same binary\n");
        await up({ path: src });
        expect(changedSteps(engine)).to.deep.equal(["tesseral-chain-api-build"]);
    });

    it("re-runs the api build and its upload, and nothing else, when API Go code changes", async () => {
        const file = path.join(src, "internal", "apiserver", "apiserver.go");
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(`[]byte("ok")`, `[]byte("ok\\n")`));
        await up({ path: src });
        expect(changedSteps(engine)).to.deep.equal(["tesseral-api-code-upload", "tesseral-chain-api-build"]);
    });

    it("rebuilds everything for a new source ref but never runs bootstrap again", async () => {
        const refA = gitCommitAll(src, "a");
        await up({ git: `file://${src}`, ref: refA });
        expect(changedSteps(engine)).to.deep.equal([
            "tesseral-chain-api-build", "tesseral-chain-console-build", "tesseral-chain-migrate", "tesseral-chain-migrations",
            "tesseral-chain-openauthctl-build", "tesseral-chain-source-clone", "tesseral-chain-vault-ui-build",
            "tesseral-edge-console-publish", "tesseral-edge-vault-ui-publish",
        ]);
        fs.appendFileSync(path.join(src, "vault-ui", "src", "app.js"), "\n// b\n");
        const refB = gitCommitAll(src, "b");
        const third = await up({ git: `file://${src}`, ref: refB });
        expect(changedSteps(engine)).to.include.members(["tesseral-chain-api-build", "tesseral-chain-openauthctl-build", "tesseral-chain-migrate"]);
        expect(engine.actions.get("tesseral-chain-bootstrap")).to.equal("same");
        // Same migrations under another ref: nothing to apply, so no second snapshot.
        expect(await snapshots()).to.have.length(1);
        expect(third.stackOutputs.dogfoodProjectId).to.equal(first.stackOutputs.dogfoodProjectId);
        expect(await pg.query("select count(*)::int as n from projects")).to.deep.equal([{ n: 1 }]);
    });

    it("a changed e-mail after bootstrap is an update that keeps the bootstrap line (bootstrap does not run again)", async () => {
        const before = await up({ path: src });
        const changed = await evaluateProgram({ config: { ...config({ path: src }), rootUserEmail: "someone-else@example.com" }, mocks: engine.mocks(), onRecorder: engine.attach });
        expect(engine.actions.get("tesseral-chain-bootstrap")).to.equal("update");
        expect(changed.stackOutputs.dogfoodProjectId).to.equal(before.stackOutputs.dogfoodProjectId);
        expect(plain(changed.stackOutputs.bootstrapUserPassword)).to.equal(plain(before.stackOutputs.bootstrapUserPassword));
    });
    it("bootstraps a replaced database once, with the new database's DSN (nothing of the old one is replayed)", async () => {
        const replacement = await startPostgres(PG_PORT + 1);
        try {
            await replacement.createOwnedDatabase("tesseral", DB_PASSWORD, "tesseral");
            Object.assign(database, { port: PG_PORT + 1, resourceId: "db-REPLACEMENT" });
            const after = await up({ path: src });
            expect(engine.actions.get("tesseral-chain-migrate")).to.equal("replace");
            expect(engine.actions.get("tesseral-chain-bootstrap")).to.equal("replace");
            const [project] = await replacement.query<{ id: string }>("select id from projects");
            expect(after.stackOutputs.dogfoodProjectId).to.equal(project.id);
            expect(after.stackOutputs.dogfoodProjectId).to.not.equal(first.stackOutputs.dogfoodProjectId);
            expect(await pg.query("select count(*)::int as n from projects")).to.deep.equal([{ n: 1 }]);
        } finally {
            await replacement.stop();  // the last scenario: nothing runs against it afterwards
        }
    });

});

function changedSteps(engine: ExecutingEngine): string[] {
    return [...engine.actions].filter(([, a]) => a !== "same").map(([n]) => n).sort();
}
