import { expect } from "chai";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { KMS_PURPOSES } from "../../components/data/keys";
import { LedgerEntry, liveResources, readLedger } from "./aws-standin/ledger";
import { skipWithoutEngine, REPO_ROOT } from "./support/real-engine";
import { named, opOf, previewChanges, revealed, StateResource, stateResources } from "./support/state";
import { initStackWithKeys } from "./support/secret-config";
import { ENGINE_STACK, removeStackConfig, writeStackConfig } from "./support/stack";
import { startWorld, World } from "./support/world";
import { consoleSourceFile, engineTree } from "./support/tree";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

interface Step { op: string; urn: string }

/** The Diagnostics section of a pulumi command's output (what went wrong), or its tail. */
const diagnostics = (r: { stdout: string; stderr: string }): string => {
    const at = r.stdout.indexOf("Diagnostics:");
    return (at >= 0 ? r.stdout.slice(at, at + 6000) : r.stdout.slice(-4000)) + r.stderr;
};

/**
 * A project id as Tesseral prints it: the real schema keeps a UUID, printed as `project_` and its
 * 128 bits in base 36, 25 digits (prettyuuid, internal/store/idformat); the fixture keeps the
 * printed id itself.
 */
export function asProjectId(id: string): string {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return id;
    return `project_${BigInt(`0x${id.replace(/-/g, "")}`).toString(36).padStart(25, "0")}`;
}

/** Every secret's plaintext in a `--show-secrets` export (secret values are `{ sig, plaintext }`). */
export function secretPlaintexts(exported: unknown): string[] {
    const found: string[] = [];
    const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v !== null && typeof v === "object") {
            const o = v as Record<string, unknown>;
            if (o[SECRET_SIG] !== undefined && typeof o.plaintext === "string") {
                const value = JSON.parse(o.plaintext) as unknown;
                if (typeof value === "string") found.push(value);
                else walk(value);
            } else Object.values(o).forEach(walk);
        }
    };
    walk(exported);
    return found;
}

/**
 * The real engine over the whole program (issue 12): `up` of Pulumi.dev.yaml with runner local on
 * a copy of the real Tesseral tree (the fixture's when none is at hand), a real PostgreSQL where the stand-in RDS is, the AWS emulator behind
 * the publish steps. One stack and backend for all steps, in order.
 */
describe("engine: up, a second up that does nothing, a console change, an upgrade, a new database, destroy (real Pulumi engine)", function () {
    this.timeout(20 * 60_000);
    let world: World;
    let tree: string;
    const pulumi = (args: string[]) => world.engine.pulumi([...args, "--stack", ENGINE_STACK], REPO_ROOT);

    before(async function () {
        skipWithoutEngine(this);
        const picked = engineTree();
        tree = picked.dir;
        console.log(`      Tesseral tree: ${picked.origin}`);
        // Two PostgreSQL servers: a replaced database (step 5) goes to the one the old does not hold.
        world = await startWorld({ databaseServers: 2 });
        writeStackConfig(tree);
        await initStackWithKeys(world.engine, ENGINE_STACK, REPO_ROOT);
    });
    after(async () => {
        removeStackConfig();
        await world?.stop();
        if (tree) fs.rmSync(tree, { recursive: true, force: true });
        fs.rmSync(path.join(REPO_ROOT, ".tesseral", ENGINE_STACK), { recursive: true, force: true });
    });

    it("1. `pulumi up` succeeds; the README's outputs are there; the state holds no secret in plain text", async () => {
        const up = await pulumi(["up", "--yes", "--skip-preview"]);
        expect(up.code, diagnostics(up)).to.equal(0);
        const outputs = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
        expect(outputs).to.include.keys("consoleUrl", "vaultUrl", "dnsRecords", "dogfoodProjectId");
        expect(outputs.consoleUrl).to.equal("https://console.auth.example.com");
        expect(outputs.bootstrapUserPassword, "shown only with --show-secrets").to.equal("[secret]");
        // The rollout's health gate invoked the version the deploy published before the alias moved.
        expect(world.lambda.invocations).to.have.length(1);
        expect(world.lambda.invocations[0]).to.match(/^tesseral-api-engine-layer-[0-9a-f]{8}:\d+$/);
        // The bootstrap really ran against the loopback PostgreSQL.
        const projects = await world.pg.query<{ id: string }>("SELECT 1 AS id FROM pg_database WHERE datname = 'tesseral'");
        expect(projects).to.have.length(1);

        const plain = (await pulumi(["stack", "export"])).stdout;
        const secrets = secretPlaintexts(JSON.parse((await pulumi(["stack", "export", "--show-secrets"])).stdout));
        const password = (JSON.parse((await pulumi(["stack", "output", "--json", "--show-secrets"])).stdout) as { bootstrapUserPassword: string }).bootstrapUserPassword;
        expect(secrets, "the bootstrap password is a secret in the state").to.include(password);
        expect(secrets.some((s) => s.startsWith("postgres://tesseral:")), "the DSN is a secret in the state").to.equal(true);
        const leaked = secrets.filter((s) => s.length >= 12 && plain.includes(s));
        // Named by length and digest only: a failure must not print the secret it found.
        expect(leaked.map(fingerprintOf), "secret values in the plain state export").to.deep.equal([]);
    });

    it("2. `pulumi preview --expect-no-changes` exits 0 right after", async () => {
        const preview = await pulumi(["preview", "--expect-no-changes", "--diff"]);
        expect(preview.code, preview.stdout.slice(-6000) + preview.stderr).to.equal(0);
    });

    it("3. a change in the console's sources changes exactly the console build and its publish step", async () => {
        fs.appendFileSync(consoleSourceFile(tree), "\n// a one-line change\n");
        const preview = await pulumi(["preview", "--json"]);
        expect(preview.code, preview.stderr).to.equal(0);
        const changed = (JSON.parse(preview.stdout) as { steps: Step[] }).steps
            .filter((s) => s.op !== "same")
            .map((s) => `${s.op} ${s.urn.split("::").slice(2).join("::")}`);
        console.log(`      changed: ${changed.join(", ")}`);
        expect(changed).to.have.length(2);
        expect(changed.some((c) => /console/.test(c) && /build/i.test(c))).to.equal(true);
        expect(changed.some((c) => /console/.test(c) && /publish|sync|upload/i.test(c))).to.equal(true);
        const up = await pulumi(["up", "--yes", "--skip-preview"]);
        expect(up.code, diagnostics(up)).to.equal(0);
    });

    it("4. a new source ref with no new migration: migrate runs and succeeds, bootstrap does not run", async () => {
        const before = await state();
        const projectsBefore = await projectsAt(databaseHost(before));
        expect(projectsBefore).to.have.length(1);
        // The upgrade: Go sources of the api and of openauthctl change, the migrations do not.
        for (const file of ["cmd/api/main.go", "cmd/openauthctl/main.go"]) {
            fs.appendFileSync(path.join(tree, file), "\n// the next Tesseral release: no new migration\n");
        }
        const changes = await previewed();
        expect(opOf(changes, MIGRATE), "migrate re-runs on a new openauthctl").to.equal("replace");
        expect(["same", "update"], "bootstrap must not run again").to.include(opOf(changes, BOOTSTRAP));
        expect(changes.filter((c) => c.op === "replace").map((c) => c.name)).to.include.members(["tesseral-chain-api-build", "tesseral-chain-openauthctl-build"]);

        const up = await pulumi(["up", "--yes", "--skip-preview"]);
        expect(up.code, diagnostics(up)).to.equal(0);
        const after = await state();
        expect(named(after, MIGRATE).id, "migrate ran (a new step)").to.not.equal(named(before, MIGRATE).id);
        // It met openauthctl's "no change" and counted it as success; the schema stayed at its version.
        // (Booleans and digests: migrate's output and bootstrap's line may hold a DSN or the password.)
        const noChange = /migrate up: no change\s*$/.test(String(revealed(named(after, MIGRATE).outputs.stderr)));
        expect(noChange, "migrate's last line is openauthctl's 'no change'").to.equal(true);
        expect(fingerprintOf(revealed(named(after, MIGRATE).outputs.stdout)), "the schema version").to.equal(fingerprintOf(revealed(named(before, MIGRATE).outputs.stdout)));
        expect(named(after, BOOTSTRAP).id, "bootstrap is the same step").to.equal(named(before, BOOTSTRAP).id);
        expect(fingerprintOf(revealed(named(after, BOOTSTRAP).outputs.stdout)), "bootstrap's line is unchanged").to.equal(fingerprintOf(revealed(named(before, BOOTSTRAP).outputs.stdout)));
        expect(await projectsAt(databaseHost(after)), "no second project").to.deep.equal(projectsBefore);
    });

    it("5. a replaced database (rds -> aurora-serverless): bootstrap runs once, with the new database's values", async () => {
        const before = await state();
        const oldHost = databaseHost(before);
        const oldProject = (await projectsAt(oldHost))[0];
        const mark = ledger().length;
        const set = await pulumi(["config", "set", "--path", "tesseral:database.engine", "aurora-serverless"]);
        expect(set.code, set.stderr).to.equal(0);

        const changes = await previewed();
        expect(opOf(changes, BOOTSTRAP), "a new database is bootstrapped").to.equal("replace");
        expect(opOf(changes, MIGRATE), "a new database is migrated").to.equal("replace");
        expect(opOf(changes, "tesseral-db-aurora")).to.equal("create");
        expect(opOf(changes, "tesseral-db-postgres")).to.equal("delete");

        const up = await pulumi(["up", "--yes", "--skip-preview"]);
        expect(up.code, diagnostics(up)).to.equal(0);
        const after = await state();
        const newHost = databaseHost(after);
        expect(newHost, "the cluster is a database of its own, at another host").to.not.equal(oldHost);
        // Bootstrap ran once, against the new database, with its DSN; the old one was deleted after.
        const bootstrapDsn = String(revealed(envOf(named(after, BOOTSTRAP)).TESSERAL_DSN));
        expect(new URL(bootstrapDsn).hostname, "bootstrap's DSN").to.equal(newHost);
        const projects = await projectsAt(newHost);
        expect(projects, "exactly one bootstrap on the new database").to.have.length(1);
        expect(projects[0]).to.not.equal(oldProject);
        const outputs = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout) as { dogfoodProjectId: string };
        expect(outputs.dogfoodProjectId, "the outputs name the new database's project").to.equal(asProjectId(projects[0]));
        expect(await projectsAt(oldHost), "the old instance's database is gone with it").to.deep.equal([]);
        // The API reads the new DSN from its secret.
        const secret = named(after, "tesseral-secrets-version", "aws:secretsmanager/secretVersion:SecretVersion");
        const apiEnv = JSON.parse(String(revealed(secret.outputs.secretString))) as Record<string, string>;
        expect(Object.values(apiEnv).filter((v) => v.startsWith("postgres://")).map((v) => new URL(v).hostname)).to.deep.equal([newHost]);
        const rds = ledger().slice(mark).filter((e) => e.type.startsWith("aws:rds/cluster:") || e.type.startsWith("aws:rds/instance:"));
        expect(rds.map((e) => `${e.op} ${e.name}`)).to.deep.equal(["create tesseral-db-aurora", "delete tesseral-db-postgres"]);

        const again = await pulumi(["preview", "--expect-no-changes"]);
        expect(again.code, "nothing left to do after the switch: " + again.stdout.slice(-3000)).to.equal(0);
    });

    it("6a. `pulumi destroy` with protect: true keeps the database, the keys, the API secret and user content", async () => {
        const set = await pulumi(["config", "set", "tesseral:protect", "true"]);
        expect(set.code, set.stderr).to.equal(0);
        const up = await pulumi(["up", "--yes", "--skip-preview"]);
        expect(up.code, diagnostics(up)).to.equal(0);
        const before = await state();
        const host = databaseHost(before);
        const project = await projectsAt(host);
        const userContent = String(named(before, "tesseral-user-content-bucket", "aws:s3/bucket:Bucket").outputs.bucket);

        const destroy = await pulumi(["destroy", "--yes", "--skip-preview"]);
        expect(destroy.code, diagnostics(destroy)).to.equal(0);
        expect(await state()).to.deep.equal([]);
        // What the stand-in still holds: exactly the protected data (the user-content bucket with
        // its policy), nothing else.
        const kept = [...liveResources(ledger()).values()].map(label).sort();
        const keys = Object.keys(KMS_PURPOSES).map((p) => `aws:kms/key:Key tesseral-keys-${p}`);
        expect(kept).to.deep.equal([
            "aws:rds/cluster:Cluster tesseral-db-aurora",
            "aws:rds/clusterInstance:ClusterInstance tesseral-db-aurora-0",
            "aws:s3/bucket:Bucket tesseral-user-content-bucket",
            "aws:s3/bucketPolicy:BucketPolicy tesseral-edge-user-content-policy",
            "aws:secretsmanager/secret:Secret tesseral-secrets-secret",
            ...keys,
        ].sort());
        // And the engine says so: each of them is "deleted [retain]" (removed from the stack, not from AWS).
        const saidRetained = [...new Set(destroy.stdout.split("\n").filter((l) => /\bdeleted\b.*\[retain\]/.test(l)).map((l) => /\s(\S+) deleted/.exec(l)?.[1] ?? l))].sort();
        expect(saidRetained).to.deep.equal([...new Set(kept.map((k) => k.split(" ")[1]))].sort());
        expect(await projectsAt(host), "the database and its data are still there").to.deep.equal(project);
        await emulatorS3().send(new HeadBucketCommand({ Bucket: userContent }));
    });

    it("6b. with protect: false (config change and `up`, then `destroy`) everything goes", async () => {
        const keptBefore = [...liveResources(ledger()).keys()].sort();
        const up = await pulumi(["up", "--yes", "--skip-preview"]);
        expect(up.code, diagnostics(up)).to.equal(0);
        const created = await state();
        const host = databaseHost(created);
        const userContent = String(named(created, "tesseral-user-content-bucket", "aws:s3/bucket:Bucket").outputs.bucket);
        expect(await projectsAt(host), "a new stack, a new database, bootstrapped").to.have.length(1);
        const set = await pulumi(["config", "set", "tesseral:protect", "false"]);
        expect(set.code, set.stderr).to.equal(0);
        const unprotect = await pulumi(["up", "--yes", "--skip-preview"]);
        expect(unprotect.code, diagnostics(unprotect)).to.equal(0);
        const retained = (await state()).filter((r) => r.retainOnDelete === true).map((r) => r.name);
        expect(retained, "nothing is retained on delete any more").to.deep.equal([]);

        const destroy = await pulumi(["destroy", "--yes", "--skip-preview"]);
        expect(destroy.code, diagnostics(destroy)).to.equal(0);
        expect(await state()).to.deep.equal([]);
        expect([...liveResources(ledger()).keys()].sort(), "only what 6a kept is left in the stand-in").to.deep.equal(keptBefore);
        expect(await projectsAt(host), "the database is gone").to.deep.equal([]);
        const gone = await emulatorS3().send(new HeadBucketCommand({ Bucket: userContent })).then(() => "still there", (e: { name?: string }) => e.name);
        expect(gone, "the user-content bucket is gone from the emulator").to.equal("NotFound");
    });

    function emulatorS3(): S3Client {
        const env = world.aws.env;
        return new S3Client({
            endpoint: env.AWS_ENDPOINT_URL, forcePathStyle: true, region: world.aws.region,
            credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
        });
    }

    /** The state's resources (secrets revealed, so their values can be checked). */
    async function state(): Promise<StateResource[]> {
        const exported = await pulumi(["stack", "export", "--show-secrets"]);
        expect(exported.code, exported.stderr).to.equal(0);
        return stateResources(exported.stdout);
    }

    async function previewed() {
        const preview = await pulumi(["preview", "--json"]);
        expect(preview.code, preview.stderr + preview.stdout.slice(-3000)).to.equal(0);
        const changes = previewChanges(preview.stdout);
        console.log(`      changed: ${changes.map((c) => `${c.op} ${c.name}`).join(", ")}`);
        return changes;
    }

    function ledger(): LedgerEntry[] {
        return readLedger(world.standinStateDir);
    }

    /** The projects in the `tesseral` database on the loopback server at `host` ([] without that database). */
    async function projectsAt(host: string): Promise<string[]> {
        const query = async (sql: string): Promise<{ id: string }[]> => {
            if (host === "127.0.0.1") {
                return world.pg.query<{ id: string }>(sql).catch((e: unknown) => {
                    if (/does not exist/.test(String(e))) return [];
                    throw e;
                });
            }
            const server = world.morePg.find((p) => p.host === host);
            if (!server) throw new Error(`no loopback PostgreSQL at ${host}`);
            return server.query<{ id: string }>(sql, "tesseral");
        };
        return (await query("SELECT id FROM projects ORDER BY id")).map((r) => r.id);
    }
});

const MIGRATE = "tesseral-chain-migrate";
const BOOTSTRAP = "tesseral-chain-bootstrap";

const label = (e: LedgerEntry): string => `${e.type} ${e.name}`;

/** A value as its length and a digest prefix, for assertions whose failure must not show it. */
function fingerprintOf(v: unknown): string {
    const text = typeof v === "string" ? v : JSON.stringify(v) ?? "undefined";
    return `${text.length} chars, sha256 ${createHash("sha256").update(text).digest("hex").slice(0, 12)}`;
}

/** Where the stack's database listens: an RDS instance's address or an Aurora cluster's endpoint. */
function databaseHost(resources: readonly StateResource[]): string {
    const dbs = resources.filter((r) => r.type === "aws:rds/instance:Instance" || r.type === "aws:rds/cluster:Cluster");
    if (dbs.length !== 1) throw new Error(`${dbs.length} databases in the state`);
    return String(dbs[0].type === "aws:rds/cluster:Cluster" ? dbs[0].outputs.endpoint : dbs[0].outputs.address);
}

/** A command step's environment, revealed. */
function envOf(r: StateResource): Record<string, unknown> {
    return revealed(r.inputs.environment) as Record<string, unknown>;
}
