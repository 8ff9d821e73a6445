import { expect } from "chai";
import { method, urnOf } from "./call";
import { FORCE_NEW } from "./replacements";

type Props = Record<string, unknown>;

/** What the stand-in's Diff says about one changed input. */
async function diffOf(type: string, olds: Props, news: Props): Promise<{ changes?: boolean; replaces?: string[] }> {
    return method("diff")("id-1", urnOf(type, "r"), olds, news);
}

/**
 * The changes this program makes between stacks and steps, and what the real provider does with
 * each (see replacements.ts for where each was checked). A wrong entry in FORCE_NEW fails here.
 */
const PROGRAM_CASES: { type: string; key: string; from: unknown; to: unknown; replace: boolean; why: string }[] = [
    { type: "aws:rds/instance:Instance", key: "engine", from: "postgres", to: "aurora-postgresql", replace: true, why: "a new engine is a new database" },
    { type: "aws:rds/instance:Instance", key: "username", from: "tesseral", to: "admin", replace: true, why: "the master user is fixed at creation" },
    { type: "aws:rds/instance:Instance", key: "instanceClass", from: "db.t4g.micro", to: "db.t4g.small", replace: false, why: "database.instanceClass resizes in place" },
    { type: "aws:rds/instance:Instance", key: "allocatedStorage", from: 20, to: 30, replace: false, why: "database.storageGb grows in place" },
    { type: "aws:rds/instance:Instance", key: "deletionProtection", from: false, to: true, replace: false, why: "switching protect must never replace the database" },
    { type: "aws:rds/instance:Instance", key: "skipFinalSnapshot", from: true, to: false, replace: false, why: "switching protect" },
    { type: "aws:rds/cluster:Cluster", key: "deletionProtection", from: true, to: false, replace: false, why: "switching protect" },
    { type: "aws:rds/cluster:Cluster", key: "serverlessv2ScalingConfiguration", from: { minCapacity: 0.5, maxCapacity: 4 }, to: { minCapacity: 0, maxCapacity: 8 }, replace: false, why: "capacity changes in place" },
    { type: "aws:rds/cluster:Cluster", key: "engineMode", from: "provisioned", to: "serverless", replace: true, why: "engine_mode is ForceNew" },
    { type: "aws:rds/cluster:Cluster", key: "masterUsername", from: "tesseral", to: "admin", replace: true, why: "the master user is fixed at creation" },
    { type: "aws:kms/key:Key", key: "customerMasterKeySpec", from: "SYMMETRIC_DEFAULT", to: "RSA_2048", replace: true, why: "a key's spec is fixed" },
    { type: "aws:kms/key:Key", key: "description", from: "a", to: "b", replace: false, why: "descriptions update" },
    { type: "aws:secretsmanager/secret:Secret", key: "recoveryWindowInDays", from: 0, to: 30, replace: false, why: "switching protect keeps the secret" },
    { type: "aws:secretsmanager/secret:Secret", key: "namePrefix", from: "a-", to: "b-", replace: true, why: "the name is fixed" },
    { type: "aws:s3/bucket:Bucket", key: "forceDestroy", from: true, to: false, replace: false, why: "switching protect keeps user content" },
    { type: "aws:lambda/invocation:Invocation", key: "triggers", from: { a: "1" }, to: { a: "2" }, replace: true, why: "triggers re-invoke" },
    { type: "aws:lambda/invocation:Invocation", key: "input", from: "{}", to: "{\"a\":1}", replace: true, why: "CREATE_ONLY scope: a new input is a new invocation" },
    { type: "aws:acm/certificate:Certificate", key: "validationMethod", from: "DNS", to: "EMAIL", replace: true, why: "validation_method is ForceNew" },
    { type: "aws:ec2/securityGroup:SecurityGroup", key: "description", from: "a", to: "b", replace: true, why: "a group's description is fixed" },
    { type: "aws:ec2/securityGroup:SecurityGroup", key: "ingress", from: [], to: [{ fromPort: 5432 }], replace: false, why: "rules update in place" },
];

describe("stand-in AWS provider: forced replacements (no engine)", () => {
    for (const c of PROGRAM_CASES) {
        it(`${c.type} ${c.key}: ${c.replace ? "replace" : "update"} (${c.why})`, async () => {
            const d = await diffOf(c.type, { [c.key]: c.from, other: 1 }, { [c.key]: c.to, other: 1 });
            expect(d.changes).to.equal(true);
            expect(d.replaces).to.deep.equal(c.replace ? [c.key] : []);
        });
    }

    it("every property FORCE_NEW lists replaces its resource, and only a changed one counts", async () => {
        for (const [type, keys] of Object.entries(FORCE_NEW)) {
            for (const key of keys) {
                const d = await diffOf(type, { [key]: "old", tags: { a: "1" } }, { [key]: "new", tags: { a: "2" } });
                expect(d.replaces, `${type} ${key}`).to.deep.equal([key]);
            }
            const unchanged = await diffOf(type, { [keys[0]]: "same", tags: { a: "1" } }, { [keys[0]]: "same", tags: { a: "2" } });
            expect(unchanged.replaces, `${type}: tags alone`).to.deep.equal([]);
        }
    });

    it("computed keys in the state are not changes (new inputs are compared as a subset)", async () => {
        const d = await diffOf("aws:rds/cluster:Cluster", { engine: "aurora-postgresql", endpoint: "127.0.0.2", clusterResourceId: "cluster-X" }, { engine: "aurora-postgresql" });
        expect(d).to.deep.include({ changes: false, replaces: [] });
    });
});
