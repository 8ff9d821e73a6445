import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { MIGRATE_SCRIPT } from "../../components/chain/local-runner";
import { manifestOfDir, MIGRATIONS_DIR } from "../../components/chain/migrations";
import { OWNER_TAG } from "../../components/data/snapshots";
import { devConfig, evaluateProgram } from "../support/evaluate";
import { FIXTURE } from "../support/fixture";
import { isSecret, plain } from "../support/values";

type Statement = { Sid: string; Action: string[]; Resource: string[]; Condition?: Record<string, Record<string, string>> };
const statements = (policy: unknown) => (JSON.parse(policy as string) as { Statement: Statement[] }).Statement;

describe("snapshot before migrate: wiring (layer 2)", () => {
    const fixtureManifest = manifestOfDir(path.join(FIXTURE, MIGRATIONS_DIR));

    it("lambda, rds: migrate carries the migrations; the function knows the instance, the prefix, the tag and N; the role may touch only those", async () => {
        const ev = await evaluateProgram({ config: devConfig({ runner: "lambda", database: { keepMigrationSnapshots: 5 } }) });
        const migrate = ev.recorder.named("tesseral-chain-migrate");
        expect(JSON.parse(plain(migrate.inputs.input) as string)).to.deep.equal({ action: "migrate", migrations: fixtureManifest });
        const env = (plain(ev.recorder.named("tesseral-ops-fn").inputs.environment) as { variables: Record<string, string> }).variables;
        expect(env).to.include({ TESSERAL_SNAPSHOT_ENGINE: "rds", TESSERAL_SNAPSHOT_DATABASE: "tesseral-db-postgres-0123abcd", TESSERAL_SNAPSHOT_KEEP: "5", TESSERAL_SNAPSHOT_OWNER: "tesseral-aws/dev/tesseral" });
        const prefix = env.TESSERAL_SNAPSHOT_PREFIX;
        expect(prefix).to.match(/^tesseral-mig-dev-[0-9a-f]{8}-$/);
        const st = statements(ev.recorder.named("tesseral-ops-policy").inputs.policy);
        const db = "arn:aws:rds:us-west-2:123456789012:db:tesseral-db-postgres-0123abcd";
        const snaps = `arn:aws:rds:us-west-2:123456789012:snapshot:${prefix}*`;
        const bySid = Object.fromEntries(st.map((s) => [s.Sid, s]));
        expect(bySid.MigrationSnapshotCreate.Resource).to.deep.equal([db, snaps]);
        expect(bySid.MigrationSnapshotTag.Resource).to.deep.equal([snaps]);
        expect(bySid.MigrationSnapshotDescribe.Resource).to.deep.equal([db, snaps]);
        expect(bySid.MigrationSnapshotDelete).to.deep.include({ Action: ["rds:DeleteDBSnapshot"], Resource: [snaps] });
        expect(bySid.MigrationSnapshotDelete.Condition).to.deep.equal({ StringEquals: { [`rds:snapshot-tag/${OWNER_TAG}`]: "tesseral-aws/dev/tesseral" } });
        // The handler's snapshot code ships with it.
        const entries = JSON.parse((ev.recorder.named("tesseral-ops-code-zip").inputs.environment as Record<string, string>).TESSERAL_ZIP_ENTRIES);
        expect(entries["migration-snapshot.js"]).to.match(/components\/runner\/migration-snapshot\.js$/);
    });

    it("lambda, aurora: DB cluster snapshots of the cluster", async () => {
        const ev = await evaluateProgram({ config: devConfig({ runner: "lambda", database: { engine: "aurora-serverless" } }) });
        const env = (plain(ev.recorder.named("tesseral-ops-fn").inputs.environment) as { variables: Record<string, string> }).variables;
        expect(env).to.include({ TESSERAL_SNAPSHOT_ENGINE: "aurora", TESSERAL_SNAPSHOT_DATABASE: "tesseral-db-aurora-0123abcd", TESSERAL_SNAPSHOT_KEEP: "3" });
        const st = statements(ev.recorder.named("tesseral-ops-policy").inputs.policy).filter((s) => s.Sid.startsWith("MigrationSnapshot"));
        expect(st.flatMap((s) => s.Action)).to.deep.equal(["rds:CreateDBClusterSnapshot", "rds:AddTagsToResource", "rds:DescribeDBClusterSnapshots", "rds:DeleteDBClusterSnapshot"]);
        expect(st[0].Resource[0]).to.equal("arn:aws:rds:us-west-2:123456789012:cluster:tesseral-db-aurora-0123abcd");
        expect(st[0].Resource[1]).to.match(/^arn:aws:rds:us-west-2:123456789012:cluster-snapshot:tesseral-mig-dev-[0-9a-f]{8}-\*$/);
    });

    it("local: the migrate step runs the snapshot code first, with the same settings, the migrations and the region; the DSN stays secret", async () => {
        const ev = await evaluateProgram({ config: devConfig({ runner: "local", database: { keepMigrationSnapshots: "2" } }) });
        const migrate = ev.recorder.named("tesseral-chain-migrate");
        expect(migrate.inputs.create).to.equal(MIGRATE_SCRIPT);
        expect(MIGRATE_SCRIPT.indexOf('node -e "$TESSERAL_SNAPSHOT_CODE"')).to.be.lessThan(MIGRATE_SCRIPT.indexOf("migrate -d \"$TESSERAL_DSN\" up"));
        const env = migrate.inputs.environment as Record<string, unknown>;
        expect(plain(env)).to.deep.include({
            TESSERAL_SNAPSHOT_ENGINE: "rds", TESSERAL_SNAPSHOT_DATABASE: "tesseral-db-postgres-0123abcd", TESSERAL_SNAPSHOT_KEEP: "2",
            TESSERAL_SNAPSHOT_OWNER: "tesseral-aws/dev/tesseral", TESSERAL_MIGRATIONS: JSON.stringify(fixtureManifest), AWS_REGION: "us-west-2",
            TESSERAL_RDS_CLIENT: "node_modules/@aws-sdk/client-rds",
        });
        expect(plain(env.TESSERAL_SNAPSHOT_CODE)).to.equal(fs.readFileSync(path.join(__dirname, "../../components/runner/migration-snapshot.js"), "utf8"));
        expect(isSecret(env.TESSERAL_DSN)).to.equal(true);
    });

    it("git source: a step reads the clone's migrations once per ref, and migrate gets its answer", async () => {
        const ev = await evaluateProgram({ config: devConfig({ runner: "lambda", source: { git: "https://github.com/acme/tesseral", ref: "v1.2.3" } }) });
        const step = ev.recorder.named("tesseral-chain-migrations");
        expect(step.inputs.create).to.include(`TESSERAL_MIGRATIONS_DIR="$TESSERAL_SOURCE/${MIGRATIONS_DIR}" node -e "$TESSERAL_MANIFEST_CODE"`);
        expect((step.inputs.triggers as string[])[0]).to.match(/^git:/);
        expect(step.dependencies).to.include(ev.recorder.named("tesseral-chain-source-clone").urn);
        // aws-mocks.ts: the step printed { fingerprint: d…, newest: 2 }.
        expect(JSON.parse(plain(ev.recorder.named("tesseral-chain-migrate").inputs.input) as string).migrations).to.deep.equal({ fingerprint: "d".repeat(64), newest: 2 });
    });

    it("a bad keepMigrationSnapshots fails the program with one error naming key, value and what is valid", async () => {
        let message = "";
        try {
            await evaluateProgram({ config: devConfig({ database: { keepMigrationSnapshots: 0 } }) });
        } catch (e) { message = (e as Error).message; }
        expect(message).to.include("tesseral:database.keepMigrationSnapshots = 0 is not valid: a whole number from 1 to 100 (default 3)");
    });
});
