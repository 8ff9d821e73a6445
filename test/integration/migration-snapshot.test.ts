import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ChildProcess, execFileSync, spawn, spawnSync } from "child_process";
import { expect } from "chai";
import {
    CreateDBClusterCommand, CreateDBInstanceCommand, CreateDBSnapshotCommand, DescribeDBClusterSnapshotsCommand,
    DescribeDBSnapshotsCommand, RDSClient,
} from "@aws-sdk/client-rds";
import { MIGRATE_SCRIPT } from "../../components/chain/local-runner";
import { manifestOfDir, MIGRATIONS_DIR } from "../../components/chain/migrations";
import { OWNER_TAG, snapshotEnvironment } from "../../components/data/snapshots";
import { findProgram } from "../../scripts/local/aws-emulator";
import { waitForPort } from "../../scripts/local/ports";
import { failureMessage } from "../support/errors";
import { copyFixture, FIXTURE } from "../support/fixture";
import { startPostgres, TestPostgres } from "../support/postgres";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createHandler } = require("../../components/runner/ops-handler.js") as {
    createHandler(o: {
        getDsn: () => Promise<string>;
        binDir: string;
        exec?: (file: string, args: string[], env: Record<string, string | undefined>) => Promise<{ code: number; stdout: string; stderr: string }>;
        rds?: () => { sdk: unknown; client: { send(c: unknown): Promise<unknown> } };
        snapshotPollMs?: number;
    }): (event: unknown) => Promise<Record<string, unknown>>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require("@aws-sdk/client-rds") as typeof import("@aws-sdk/client-rds");

const MOTO_PORT = 45791;
const PG_PORT = 54791;
const REGION = "us-west-2";
const AWS_ENV = {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${MOTO_PORT}`, AWS_REGION: REGION, AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: "AKIDSNAPSHOTTEST", AWS_SECRET_ACCESS_KEY: "snapshot-test-secret", AWS_EC2_METADATA_DISABLED: "true",
};
const PREFIX = "tesseral-mig-it-0a1b2c3d-";
const OWNER = "tesseral-aws/it/tesseral";

interface Call { at: number; what: string }

/**
 * The snapshot before a migration, for real: moto's RDS API (create, describe, delete), a real
 * PostgreSQL, and the fixture's openauthctl built twice (migrations 1-2, and 1-3), through the ops
 * function's handler and through the local runner's script. @integration
 */
describe("snapshot before migrate, against moto's RDS and a real PostgreSQL @integration", function () {
    this.timeout(10 * 60 * 1000);
    let moto: ChildProcess;
    let pg: TestPostgres;
    let rds: RDSClient;
    let v2Dir: string;
    let v3Dir: string;
    let v2Manifest: { fingerprint: string; newest: number };
    let v3Manifest: { fingerprint: string; newest: number };
    const saved = { ...process.env };

    const build = (src: string) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snap-bin-"));
        execFileSync("go", ["build", "-trimpath", "-o", path.join(dir, "openauthctl"), "./cmd/openauthctl"], { cwd: src, env: { ...process.env, CGO_ENABLED: "0" }, stdio: "inherit" });
        return dir;
    };
    const dsnOf = (user: string, db: string) => `postgres://${user}:pw-${user}-0123456789@127.0.0.1:${PG_PORT}/${db}?sslmode=require`;
    const versionOf = (binDir: string, dsn: string) => spawnSync(path.join(binDir, "openauthctl"), ["migrate", "-d", dsn, "version"], { encoding: "utf8" }).stdout.trim();
    const rdsFactory = (calls: Call[]) => () => ({
        sdk,
        client: { send: async (c: { constructor: { name: string } }) => { calls.push({ at: Date.now(), what: c.constructor.name }); return rds.send(c as never); } },
    });
    const exec = (calls: Call[]) => (file: string, args: string[], env: Record<string, string | undefined>) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        calls.push({ at: Date.now(), what: `openauthctl ${args[0]} ${args[3]}` });
        const r = spawnSync(file, args, { env: env as NodeJS.ProcessEnv, encoding: "utf8" });
        resolve({ code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr });
    });
    const setSnapshotEnv = (engine: "rds" | "aurora", database: string, keep: number) => {
        Object.assign(process.env, snapshotEnvironment({ engine, database, prefix: PREFIX, owner: OWNER, keep }));
    };
    const ownedSnapshots = async (instance: string) => ((await rds.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: instance, SnapshotType: "manual" }))).DBSnapshots ?? [])
        .map((s) => ({ id: s.DBSnapshotIdentifier!, at: s.SnapshotCreateTime!.getTime(), tags: Object.fromEntries((s.TagList ?? []).map((t) => [t.Key, t.Value])) }));

    before(async () => {
        const motoServer = findProgram("moto_server");
        if (!motoServer) throw new Error("moto_server not found: python3 -m pip install 'moto[server]==5.2.5'");
        moto = spawn(motoServer, ["-H", "127.0.0.1", "-p", String(MOTO_PORT)], { stdio: "ignore" });
        await waitForPort(MOTO_PORT, 30_000, moto, "moto_server");
        rds = new RDSClient({ region: REGION, endpoint: AWS_ENV.AWS_ENDPOINT_URL, credentials: { accessKeyId: AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: AWS_ENV.AWS_SECRET_ACCESS_KEY } });
        for (const id of ["snap-rds", "snap-local"]) {
            await rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: id, Engine: "postgres", DBInstanceClass: "db.t4g.micro", AllocatedStorage: 20, MasterUsername: "tesseral", MasterUserPassword: "not-used-0123" }));
        }
        await rds.send(new CreateDBClusterCommand({ DBClusterIdentifier: "snap-aurora", Engine: "aurora-postgresql", MasterUsername: "tesseral", MasterUserPassword: "not-used-0123" }));
        pg = await startPostgres(PG_PORT);
        for (const n of ["t1", "t2", "t3", "t4", "t5"]) await pg.createOwnedDatabase(n, `pw-${n}-0123456789`, `db_${n}`);
        v2Dir = build(FIXTURE);
        const src = copyFixture();
        fs.writeFileSync(path.join(src, MIGRATIONS_DIR, "000003_audit.up.sql"), "CREATE TABLE audit_events (id text primary key);\n");
        fs.writeFileSync(path.join(src, MIGRATIONS_DIR, "000003_audit.down.sql"), "DROP TABLE audit_events;\n");
        v3Dir = build(src);
        v2Manifest = manifestOfDir(path.join(FIXTURE, MIGRATIONS_DIR));
        v3Manifest = manifestOfDir(path.join(src, MIGRATIONS_DIR));
        Object.assign(process.env, AWS_ENV);
    });
    after(async () => {
        for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
        Object.assign(process.env, saved);
        await pg?.stop();
        if (moto && moto.exitCode === null) moto.kill();
    });

    it("reads the migrations of a tree: the fixture's newest is 2, the changed tree's 3", async () => {
        expect([v2Manifest.newest, v3Manifest.newest]).to.deep.equal([2, 3]);
        expect(v2Manifest.fingerprint).to.not.equal(v3Manifest.fingerprint);
    });

    describe("ops function (rds)", () => {
        const dsn = dsnOf("t1", "db_t1");

        it("a new database: migrates without a snapshot", async () => {
            setSnapshotEnv("rds", "snap-rds", 2);
            const calls: Call[] = [];
            const handler = createHandler({ getDsn: async () => dsn, binDir: v2Dir, exec: exec(calls), rds: rdsFactory(calls), snapshotPollMs: 50 });
            const r = await handler({ action: "migrate", migrations: v2Manifest });
            expect(r).to.deep.include({ action: "migrate", version: "2", snapshot: null, snapshotReason: "new database" });
            expect(calls.map((c) => c.what)).to.deep.equal(["openauthctl migrate version", "openauthctl migrate up", "openauthctl migrate version"]);
            expect(await ownedSnapshots("snap-rds")).to.deep.equal([]);
        });

        it("migrations unchanged on an existing database: no snapshot", async () => {
            const calls: Call[] = [];
            const handler = createHandler({ getDsn: async () => dsn, binDir: v2Dir, exec: exec(calls), rds: rdsFactory(calls), snapshotPollMs: 50 });
            const r = await handler({ action: "migrate", migrations: v2Manifest });
            expect(r).to.deep.include({ snapshot: null, snapshotReason: "database at version 2, newest migration 2: nothing to apply" });
            expect(calls.some((c) => c.what.startsWith("Create"))).to.equal(false);
        });

        it("migrations changed on an existing database: the snapshot exists and is available before migrate runs", async () => {
            const calls: Call[] = [];
            const handler = createHandler({ getDsn: async () => dsn, binDir: v3Dir, exec: exec(calls), rds: rdsFactory(calls), snapshotPollMs: 50 });
            const r = await handler({ action: "migrate", migrations: v3Manifest });
            const id = `${PREFIX}${v3Manifest.fingerprint.slice(0, 16)}-v2`;
            expect(r).to.deep.include({ action: "migrate", version: "3", snapshot: id });
            const order = calls.map((c) => c.what);
            expect(order.indexOf("CreateDBSnapshotCommand")).to.be.greaterThan(order.indexOf("openauthctl migrate version"));
            expect(order.indexOf("openauthctl migrate up")).to.be.greaterThan(order.lastIndexOf("DescribeDBSnapshotsCommand"));
            const [snap] = await ownedSnapshots("snap-rds");
            expect(snap.id).to.equal(id);
            expect(snap.tags[OWNER_TAG]).to.equal(OWNER);
            expect(snap.at).to.be.at.most(calls.find((c) => c.what === "openauthctl migrate up")!.at);
            expect(versionOf(v3Dir, dsn)).to.equal("3");
        });

        it("keeps the newest N of its own and deletes older ones; never a snapshot it did not make", async () => {
            // Older snapshots of this stack (prefix and tag), and two that are not the program's.
            for (const [id, tags] of [
                [`${PREFIX}aaaaaaaaaaaaaaaa-v0`, [{ Key: OWNER_TAG, Value: OWNER }]],
                [`${PREFIX}bbbbbbbbbbbbbbbb-v1`, [{ Key: OWNER_TAG, Value: OWNER }]],
                ["operator-before-upgrade", []],
                [`${PREFIX}cccccccccccccccc-v1`, [{ Key: OWNER_TAG, Value: "tesseral-aws/prod/tesseral" }]],
            ] as const) {
                await rds.send(new CreateDBSnapshotCommand({ DBSnapshotIdentifier: id, DBInstanceIdentifier: "snap-rds", Tags: [...tags] }));
            }
            // A second database (t2) at version 2, migrated to 3 with keep 2.
            execFileSync(path.join(v2Dir, "openauthctl"), ["migrate", "-d", dsnOf("t2", "db_t2"), "up"]);
            setSnapshotEnv("rds", "snap-rds", 2);
            const handler = createHandler({ getDsn: async () => dsnOf("t2", "db_t2"), binDir: v3Dir, rds: rdsFactory([]), snapshotPollMs: 50 });
            const r = await handler({ action: "migrate", migrations: { ...v3Manifest, fingerprint: "e".repeat(64) } });
            const newest = `${PREFIX}eeeeeeeeeeeeeeee-v2`;
            expect(r.snapshot).to.equal(newest);
            // Of ours (the test before's, then the two seeded, then the new one) the newest 2 stay;
            // the older ones go, oldest first.
            expect(r.deletedSnapshots).to.deep.equal([`${PREFIX}${v3Manifest.fingerprint.slice(0, 16)}-v2`, `${PREFIX}aaaaaaaaaaaaaaaa-v0`]);
            const left = (await ownedSnapshots("snap-rds")).map((s) => s.id).sort();
            expect(left).to.deep.equal([`${PREFIX}bbbbbbbbbbbbbbbb-v1`, `${PREFIX}cccccccccccccccc-v1`, newest, "operator-before-upgrade"].sort());
        });

        it("a snapshot that cannot be made stops migrate: the database stays where it was", async () => {
            execFileSync(path.join(v2Dir, "openauthctl"), ["migrate", "-d", dsnOf("t4", "db_t4"), "up"]);
            setSnapshotEnv("rds", "no-such-instance", 3);
            const handler = createHandler({ getDsn: async () => dsnOf("t4", "db_t4"), binDir: v3Dir, rds: rdsFactory([]), snapshotPollMs: 50 });
            const message = await failureMessage(() => handler({ action: "migrate", migrations: v3Manifest }));
            expect(message).to.match(/DBInstanceNotFound|not found/i);
            expect(message).to.not.include("pw-t4");
            expect(versionOf(v2Dir, dsnOf("t4", "db_t4"))).to.equal("2");
        });
    });

    it("ops function (aurora): a DB cluster snapshot before migrating an existing database", async () => {
        const dsn = dsnOf("t3", "db_t3");
        execFileSync(path.join(v2Dir, "openauthctl"), ["migrate", "-d", dsn, "up"]);
        setSnapshotEnv("aurora", "snap-aurora", 3);
        const calls: Call[] = [];
        const handler = createHandler({ getDsn: async () => dsn, binDir: v3Dir, exec: exec(calls), rds: rdsFactory(calls), snapshotPollMs: 50 });
        const r = await handler({ action: "migrate", migrations: v3Manifest });
        const id = `${PREFIX}${v3Manifest.fingerprint.slice(0, 16)}-v2`;
        expect(r.snapshot).to.equal(id);
        const order = calls.map((c) => c.what);
        expect(order.indexOf("CreateDBClusterSnapshotCommand")).to.be.lessThan(order.indexOf("openauthctl migrate up"));
        const snaps = (await rds.send(new DescribeDBClusterSnapshotsCommand({ DBClusterIdentifier: "snap-aurora", SnapshotType: "manual" }))).DBClusterSnapshots ?? [];
        expect(snaps.map((s) => [s.DBClusterSnapshotIdentifier, s.Status])).to.deep.equal([[id, "available"]]);
        expect(versionOf(v3Dir, dsn)).to.equal("3");
    });

    describe("local runner's script", () => {
        // The local runner's step: MIGRATE_SCRIPT with the environment LocalRunner gives it; a
        // wrapper openauthctl logs when `migrate up` starts.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snap-local-"));
        const log = path.join(dir, "calls.log");
        const run = (binDir: string, manifest: object) => {
            fs.writeFileSync(path.join(dir, "openauthctl"), `#!/bin/sh\necho "$(date +%s%3N) $3 $4" >> "${log}"\nexec "${path.join(binDir, "openauthctl")}" "$@"\n`, { mode: 0o755 });
            return spawnSync("/bin/sh", ["-c", MIGRATE_SCRIPT], {
                cwd: dir, encoding: "utf8",
                env: {
                    PATH: process.env.PATH, HOME: process.env.HOME, ...AWS_ENV,
                    TESSERAL_OPENAUTHCTL: "openauthctl", TESSERAL_DSN: dsnOf("t5", "db_t5"),
                    ...snapshotEnvironment({ engine: "rds", database: "snap-local", prefix: PREFIX, owner: OWNER, keep: 1 }),
                    TESSERAL_MIGRATIONS: JSON.stringify(manifest),
                    TESSERAL_SNAPSHOT_CODE: fs.readFileSync(path.resolve(__dirname, "../../components/runner/migration-snapshot.js"), "utf8"),
                    TESSERAL_RDS_CLIENT: path.dirname(require.resolve("@aws-sdk/client-rds/package.json")),
                    TESSERAL_SNAPSHOT_POLL_MS: "50",
                },
            });
        };

        it("a new database: no snapshot, then migrate", async () => {
            const r = run(v2Dir, v2Manifest);
            expect(r.status, r.stderr).to.equal(0);
            expect(r.stderr).to.include("no migration snapshot: new database");
            expect(r.stdout.trim()).to.equal("2");
            expect(await ownedSnapshots("snap-local")).to.deep.equal([]);
        });

        it("migrations changed: a snapshot first (created before migrate up starts), then migrate; keep 1 keeps the newest only", async () => {
            await rds.send(new CreateDBSnapshotCommand({ DBSnapshotIdentifier: `${PREFIX}0000000000000000-v0`, DBInstanceIdentifier: "snap-local", Tags: [{ Key: OWNER_TAG, Value: OWNER }] }));
            fs.writeFileSync(log, "");
            const r = run(v3Dir, v3Manifest);
            expect(r.status, r.stderr).to.equal(0);
            const id = `${PREFIX}${v3Manifest.fingerprint.slice(0, 16)}-v2`;
            expect(r.stderr).to.include(`migration snapshot ${id} taken (database at version 2, newest migration 3); deleted older: ${PREFIX}0000000000000000-v0`);
            expect(r.stdout.trim()).to.equal("3");
            const snaps = await ownedSnapshots("snap-local");
            expect(snaps.map((s) => s.id)).to.deep.equal([id]);
            const upAt = Number(fs.readFileSync(log, "utf8").split("\n").find((l) => l.endsWith(" up"))!.split(" ")[0]);
            expect(snaps[0].at).to.be.at.most(upAt);
            expect(r.stdout + r.stderr).to.not.include("pw-t5");
        });
    });
});
