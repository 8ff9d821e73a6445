import * as path from "path";
import { spawnSync } from "child_process";
import { expect } from "chai";
import { migrationsManifest, parseManifest } from "../../components/chain/migrations";
import { ConfigError } from "../../components/config/errors";
import { parseSettings } from "../../components/config/parse";
import { TesseralArgs } from "../../components/config/settings";
import {
    isRdsIdentifier, OWNER_TAG, parseMigrateVersion, snapshotArns, snapshotDue, snapshotIdentifier, snapshotOwner,
    snapshotPolicyStatements, snapshotPrefix, SnapshotInfo, snapshotsToDelete, snapshotTarget,
} from "../../components/data/snapshots";

const FP = "0123456789abcdef".repeat(4);

describe("migration snapshots: names", () => {
    it("names a snapshot after the stack's prefix, the migrations' fingerprint and the version it was taken at", async () => {
        const prefix = snapshotPrefix("tesseral-aws", "dev", "tesseral");
        expect(prefix).to.match(/^tesseral-mig-dev-[0-9a-f]{8}-$/);
        expect(snapshotIdentifier(prefix, FP, 41)).to.equal(`${prefix}0123456789abcdef-v41`);
    });

    it("keeps every identifier within RDS's rules, whatever the stack is called (property-style)", async () => {
        const alphabet = "abcXYZ019-_.:/ @--";
        let seed = 7;
        const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
        for (let i = 0; i < 500; i++) {
            const stack = Array.from({ length: rand(300) }, () => alphabet[rand(alphabet.length)]).join("");
            const id = snapshotIdentifier(snapshotPrefix(`proj${rand(3)}`, stack, "auth"), FP, rand(100000));
            expect(isRdsIdentifier(id), JSON.stringify(stack)).to.equal(true);
            expect(id.length).to.be.at.most(255);
        }
    });

    it("checks RDS's rules: a letter first, letters, digits and single hyphens, no hyphen last, 1-255", async () => {
        for (const bad of ["", "1abc", "a--b", "abc-", "a_b", "a.b", `a${"b".repeat(255)}`]) expect(isRdsIdentifier(bad), bad).to.equal(false);
        for (const good of ["a", "a-b-c", `a${"b".repeat(254)}`]) expect(isRdsIdentifier(good), good).to.equal(true);
    });

    it("gives each stack its own prefix, none the start of another's (dev vs dev-2)", async () => {
        const a = snapshotPrefix("p", "dev", "auth");
        const b = snapshotPrefix("p", "dev-2", "auth");
        const c = snapshotPrefix("q", "dev", "auth");
        const d = snapshotPrefix("p", "dev", "auth2");
        const all = [a, b, c, d];
        expect(new Set(all).size).to.equal(4);
        for (const x of all) for (const y of all) if (x !== y) expect(snapshotIdentifier(y, FP, 1).startsWith(x), `${x} / ${y}`).to.equal(false);
        expect(snapshotOwner("p", "dev", "auth")).to.equal("p/dev/auth");
    });

    it("finds the snapshot target in the database's metric dimensions", async () => {
        expect(snapshotTarget({ DBInstanceIdentifier: "db-1" })).to.deep.equal({ engine: "rds", identifier: "db-1" });
        expect(snapshotTarget({ DBClusterIdentifier: "c-1" })).to.deep.equal({ engine: "aurora", identifier: "c-1" });
        expect(() => snapshotTarget({})).to.throw(/no database identifier/);
    });
});

describe("migration snapshots: when", () => {
    it("reads `openauthctl migrate version`: a new database, a version, a dirty version, an error", async () => {
        expect(parseMigrateVersion(1, "", "./openauthctl migrate version: no migration\n")).to.deep.equal({ kind: "new" });
        expect(parseMigrateVersion(0, "2\n", "")).to.deep.equal({ kind: "existing", version: 2, dirty: false });
        expect(parseMigrateVersion(0, "3 (dirty)\n", "")).to.deep.equal({ kind: "existing", version: 3, dirty: true });
        expect(parseMigrateVersion(1, "", "dial tcp: connection refused")).to.equal(undefined);
        expect(parseMigrateVersion(2, "", "x migrate version: no migration")).to.equal(undefined);
        expect(parseMigrateVersion(1, "", "no migration yet")).to.equal(undefined);
    });

    it("is due only for an existing database that the migrations take further", async () => {
        expect(snapshotDue({ kind: "new" }, 3)).to.equal(false);
        expect(snapshotDue({ kind: "existing", version: 2, dirty: false }, 3)).to.equal(true);
        expect(snapshotDue({ kind: "existing", version: 3, dirty: false }, 3)).to.equal(false);
        expect(snapshotDue({ kind: "existing", version: 4, dirty: false }, 3)).to.equal(false);
        expect(snapshotDue(undefined, 3)).to.equal(false);
    });

    it("fingerprints the migration files by name and content, and finds the newest up migration", async () => {
        const files = [
            { name: "000001_init.up.sql", content: "create table a();" },
            { name: "000001_init.down.sql", content: "drop table a;" },
            { name: "000002_b.up.sql", content: "create table b();" },
            { name: "README.md", content: "not a migration" },
        ];
        const m = migrationsManifest(files);
        expect(m.newest).to.equal(2);
        expect(m.fingerprint).to.match(/^[0-9a-f]{64}$/);
        expect(migrationsManifest([...files].reverse())).to.deep.equal(m);
        expect(migrationsManifest(files.filter((f) => f.name !== "README.md"))).to.deep.equal(m);
        expect(migrationsManifest([...files, { name: "000003_c.up.sql", content: "x" }]).newest).to.equal(3);
        expect(migrationsManifest(files.map((f) => (f.name === "000002_b.up.sql" ? { ...f, content: "changed" } : f))).fingerprint).to.not.equal(m.fingerprint);
        expect(parseManifest(`${JSON.stringify(m)}\n`)).to.deep.equal(m);
        expect(() => parseManifest("")).to.throw();
        expect(() => parseManifest('{"fingerprint":"x","newest":1}')).to.throw(/no manifest/);
    });
});

describe("migration snapshots: which to delete", () => {
    const prefix = "tesseral-mig-dev-0a1b2c3d-";
    const owner = "p/dev/auth";
    const ours = (n: number, day: number, status = "available"): SnapshotInfo => ({
        id: `${prefix}${n.toString(16).padStart(16, "0")}-v${n}`, createdAt: `2026-11-${String(day).padStart(2, "0")}T00:00:00Z`, status, tags: { [OWNER_TAG]: owner },
    });

    it("keeps the newest N of the program's own and deletes the older ones, oldest first", async () => {
        const list = [ours(1, 1), ours(4, 4), ours(2, 2), ours(5, 5), ours(3, 3)];
        expect(snapshotsToDelete(list, 3, prefix, owner)).to.deep.equal([ours(1, 1).id, ours(2, 2).id]);
        expect(snapshotsToDelete(list, 5, prefix, owner)).to.deep.equal([]);
        expect(snapshotsToDelete(list, 1, prefix, owner)).to.deep.equal([1, 2, 3, 4].map((n) => ours(n, n).id));
    });

    it("never deletes the newest, even with keep 1 and a snapshot still being created", async () => {
        const creating = { ...ours(9, 9, "creating"), createdAt: undefined };
        const doomed = snapshotsToDelete([ours(1, 1), creating], 1, prefix, owner);
        expect(doomed).to.deep.equal([ours(1, 1).id]);
        expect(snapshotsToDelete([ours(1, 1)], 1, prefix, owner)).to.deep.equal([]);
    });

    it("never touches snapshots the program did not make: another prefix, no tag, another owner", async () => {
        const foreign: SnapshotInfo[] = [
            { ...ours(1, 1), id: "manual-before-upgrade" },
            { ...ours(2, 2), tags: {} },
            { ...ours(3, 3), tags: { [OWNER_TAG]: "p/prod/auth" } },
            { ...ours(4, 4), id: `tesseral-mig-dev-0a1b2c3d9-${"0".repeat(16)}-v4` },
        ];
        expect(snapshotsToDelete([...foreign, ours(5, 5), ours(6, 6)], 1, prefix, owner)).to.deep.equal([ours(5, 5).id]);
    });

    it("leaves a snapshot that is not available (creating, deleting) alone", async () => {
        expect(snapshotsToDelete([ours(1, 1, "deleting"), ours(2, 2, "creating"), ours(3, 3)], 1, prefix, owner)).to.deep.equal([]);
    });

    it("refuses a keep below 1 or not whole, and an empty prefix", async () => {
        for (const keep of [0, -1, 1.5, Number.NaN]) expect(() => snapshotsToDelete([], keep, prefix, owner), String(keep)).to.throw(/keep must be a whole number >= 1/);
        expect(() => snapshotsToDelete([], 1, "", owner)).to.throw(/prefix/);
    });
});

describe("migration snapshots: permissions", () => {
    const args = { partition: "aws", region: "eu-west-1", accountId: "123456789012", database: "db-abc", prefix: "tesseral-mig-dev-0a1b2c3d-", owner: "p/dev/auth" };

    it("rds: create/describe on this instance and this stack's snapshots; tag and delete on this stack's snapshots with its tag", async () => {
        const st = snapshotPolicyStatements({ ...args, engine: "rds" }) as { Sid: string; Action: string[]; Resource: string[]; Condition?: unknown }[];
        const db = "arn:aws:rds:eu-west-1:123456789012:db:db-abc";
        const snaps = "arn:aws:rds:eu-west-1:123456789012:snapshot:tesseral-mig-dev-0a1b2c3d-*";
        expect(st.map((s) => [s.Action, s.Resource])).to.deep.equal([
            [["rds:CreateDBSnapshot"], [db, snaps]],
            [["rds:AddTagsToResource"], [snaps]],
            [["rds:DescribeDBSnapshots"], [db, snaps]],
            [["rds:DeleteDBSnapshot"], [snaps]],
        ]);
        expect(st[3].Condition).to.deep.equal({ StringEquals: { [`rds:snapshot-tag/${OWNER_TAG}`]: "p/dev/auth" } });
        for (const s of st) expect(s.Resource.some((r) => r === "*" || r.endsWith(":snapshot:*"))).to.equal(false);
    });

    it("aurora: the cluster equivalents on the cluster and its cluster snapshots", async () => {
        const st = snapshotPolicyStatements({ ...args, engine: "aurora" }) as { Action: string[]; Resource: string[]; Condition?: unknown }[];
        expect(st.flatMap((s) => s.Action)).to.deep.equal(["rds:CreateDBClusterSnapshot", "rds:AddTagsToResource", "rds:DescribeDBClusterSnapshots", "rds:DeleteDBClusterSnapshot"]);
        expect(snapshotArns({ ...args, engine: "aurora" })).to.deep.equal({
            database: "arn:aws:rds:eu-west-1:123456789012:cluster:db-abc",
            snapshots: "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:tesseral-mig-dev-0a1b2c3d-*",
        });
        expect(st[3].Condition).to.deep.equal({ StringEquals: { [`rds:cluster-snapshot-tag/${OWNER_TAG}`]: "p/dev/auth" } });
    });
});

describe("migration snapshots: the code as a library and as a step", () => {
    const files = [path.join(__dirname, "../../components/runner/migration-snapshot.js"), path.join(__dirname, "../../components/chain/migrations-manifest.js")];

    for (const file of files) {
        it(`${path.basename(file)}: loaded from an ES module (as Lambda's Node.js runtime loads a handler), it runs nothing`, async () => {
            const r = spawnSync(process.execPath, ["--input-type=module", "-e",
                `import { createRequire } from "module"; createRequire(import.meta.url)(${JSON.stringify(file)});`], { encoding: "utf8", env: { PATH: process.env.PATH } });
            expect([r.status, r.stdout, r.stderr]).to.deep.equal([0, "", ""]);
        });
    }

    it("migrations-manifest.js as a step (node -e with its text) prints the folder's manifest", async () => {
        const dir = path.join(__dirname, "../fixtures/tesseral/cmd/openauthctl/migrations");
        const r = spawnSync(process.execPath, ["-e", require("fs").readFileSync(files[1], "utf8")], { encoding: "utf8", env: { PATH: process.env.PATH, TESSERAL_MIGRATIONS_DIR: dir } });
        expect(r.status, r.stderr).to.equal(0);
        expect(parseManifest(r.stdout).newest).to.equal(2);
    });
});

describe("migration snapshots: config", () => {
    const parse = (database: Record<string, unknown>) =>
        parseSettings({ domain: "auth.example.com", rootUserEmail: "a@example.com", database } as unknown as TesseralArgs, { fileExists: () => true });

    it("database.keepMigrationSnapshots: default 3, a whole number from 1 (YAML strings too)", async () => {
        expect(parse({}).database.keepMigrationSnapshots).to.equal(3);
        expect(parse({ keepMigrationSnapshots: 1 }).database.keepMigrationSnapshots).to.equal(1);
        expect(parse({ keepMigrationSnapshots: "10" }).database.keepMigrationSnapshots).to.equal(10);
    });

    for (const bad of [0, -2, 2.5, "three", true, 101]) {
        it(`refuses database.keepMigrationSnapshots = ${JSON.stringify(bad)} with one error naming setting, value and what is valid`, async () => {
            let err: unknown;
            try { parse({ keepMigrationSnapshots: bad }); } catch (e) { err = e; }
            expect(err).to.be.instanceOf(ConfigError);
            expect((err as ConfigError).message).to.equal(`tesseral:database.keepMigrationSnapshots = ${JSON.stringify(bad)} is not valid: a whole number from 1 to 100 (default 3)`);
        });
    }
});
