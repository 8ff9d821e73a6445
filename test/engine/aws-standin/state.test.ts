import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { method, urnOf } from "./call";
import { pickServer, PgServer } from "./database";
import { liveResources, readLedger } from "./ledger";

type Props = Record<string, unknown>;

/**
 * The stand-in keeps state across calls: what Create returns is what Update and Delete get back
 * from the engine, and its own records (ledger, database placement) live in STANDIN_STATE_DIR
 * across its processes. Called directly, without the engine or a PostgreSQL.
 */
describe("stand-in AWS provider: state across calls (no engine)", () => {
    let dir: string;
    const saved = { ...process.env };
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "standin-state-test-"));
        process.env.STANDIN_STATE_DIR = dir;
        for (const k of ["STANDIN_PG_SERVERS", "STANDIN_PG_ADMIN_DSN", "AWS_ENDPOINT_URL"]) delete process.env[k];
    });
    afterEach(() => {
        process.env = { ...saved };
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("create returns the inputs and the computed outputs (inputs win); each create gets its own id", async () => {
        const a = await method("create")(urnOf("aws:s3/bucket:Bucket", "site"), { forceDestroy: true });
        const b = await method("create")(urnOf("aws:s3/bucket:Bucket", "site"), { forceDestroy: true });
        expect(a.id).to.not.equal(b.id);
        expect(a.outs).to.include({ forceDestroy: true, bucket: a.id, arn: `arn:aws:s3:::${a.id}` });
        const named = await method("create")(urnOf("aws:s3/bucket:Bucket", "named"), { bucket: "my-bucket" });
        expect(named.outs).to.include({ bucket: "my-bucket", arn: "arn:aws:s3:::my-bucket" });
    });

    it("update keeps what create decided (where a database listens) and takes the new inputs", async () => {
        const urn = urnOf("aws:rds/cluster:Cluster", "db");
        const inputs = { engine: "aurora-postgresql", masterUsername: "tesseral", databaseName: "tesseral", port: 5432, deletionProtection: false };
        const created = await method("create")(urn, inputs);
        // As pulumi-aws: a cluster's endpoint is a host name (the port is `port`), its identity clusterResourceId.
        expect(created.outs).to.include({ endpoint: "127.0.0.1", readerEndpoint: "127.0.0.1", port: 5432 });
        expect(String(created.outs.clusterResourceId)).to.match(/^cluster-[0-9A-F]{26}$/);
        const updated = await method("update")(created.id, urn, { ...created.outs, endpoint: "127.0.0.2" }, { ...inputs, deletionProtection: true });
        expect(updated.outs).to.include({ endpoint: "127.0.0.2", deletionProtection: true, clusterResourceId: created.outs.clusterResourceId });
    });

    it("an RDS instance's endpoint is address:port, its identity resourceId", async () => {
        const created = await method("create")(urnOf("aws:rds/instance:Instance", "db"), { engine: "postgres", username: "tesseral", dbName: "tesseral", port: 5432 });
        expect(created.outs).to.include({ address: "127.0.0.1", endpoint: "127.0.0.1:5432", port: 5432 });
        expect(String(created.outs.resourceId)).to.match(/^db-[0-9A-F]{26}$/);
    });

    it("records every create, update and delete in its ledger; what was deleted is no longer live", async () => {
        const urn = urnOf("aws:kms/key:Key", "k");
        const key = await method("create")(urn, { customerMasterKeySpec: "RSA_2048" });
        const other = await method("create")(urnOf("aws:kms/key:Key", "kept"), { customerMasterKeySpec: "RSA_2048" });
        await method("update")(key.id, urn, key.outs, { customerMasterKeySpec: "RSA_2048", description: "d" });
        await method("delete")(key.id, urn, key.outs);
        const ledger = readLedger(dir);
        expect(ledger.map((e) => `${e.op} ${e.name}`)).to.deep.equal(["create k", "create kept", "update k", "delete k"]);
        expect([...liveResources(ledger).keys()]).to.deep.equal([other.id]);
    });

    it("refuses to delete a database with deletion protection on, as AWS does, and records no delete", async () => {
        const urn = urnOf("aws:rds/instance:Instance", "db");
        const props: Props = { engine: "postgres", username: "tesseral", dbName: "tesseral", deletionProtection: true };
        const created = await method("create")(urn, props);
        const refused = await method("delete")(created.id, urn, created.outs).then(() => "deleted", (e: unknown) => String(e));
        expect(refused).to.contain("Cannot delete protected DB Instance, please disable deletion protection and try again.");
        expect(readLedger(dir).map((e) => e.op)).to.deep.equal(["create"]);
        await method("delete")(created.id, urn, { ...created.outs, deletionProtection: false });
        expect(readLedger(dir).map((e) => e.op)).to.deep.equal(["create", "delete"]);
    });

    it("puts a new database on a server no live one holds, and says when none is free", () => {
        const servers: PgServer[] = ["127.0.0.1", "127.0.0.2"].map((host) => ({ host, port: 5432, adminDsn: `postgres://x@${host}/postgres` }));
        expect(pickServer(servers, new Set())?.host).to.equal("127.0.0.1");
        expect(pickServer(servers, new Set(["127.0.0.1"]))?.host).to.equal("127.0.0.2");
        expect(pickServer(servers, new Set(["127.0.0.1", "127.0.0.2"]))).to.equal(undefined);
    });
});
