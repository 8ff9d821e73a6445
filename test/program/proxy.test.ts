import { expect } from "chai";
import { devConfig, evaluateProgram, Evaluation } from "../support/evaluate";
import { isSecret, nonSecretStrings, plain } from "../support/values";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- recorded JSON
type Json = any;
const API_SG = "tesseral-network-api";

/** database.proxy: true, for both engines (layer 2). */
for (const [engine, database, target, percent, concurrency] of [
    ["rds", { proxy: true }, { dbInstanceIdentifier: "tesseral-db-postgres-0123abcd" }, 83, 69],
    ["aurora-serverless", { proxy: true, engine: "aurora-serverless" }, { dbClusterIdentifier: "tesseral-db-aurora-0123abcd" }, 98, 740],
] as const) {
    describe(`database.proxy with ${engine} (layer 2)`, () => {
        let ev: Evaluation;
        before(async () => {
            ev = await evaluateProgram({ config: devConfig({ runner: "lambda", database }) });
        });
        const one = (type: string) => {
            const found = ev.recorder.ofType(type);
            expect(found, type).to.have.length(1);
            return found[0];
        };

        it("puts RDS Proxy in the private subnets, TLS required, credentials from its own secret, no IAM auth", async () => {
            const proxy = plain(one("aws:rds/proxy:Proxy").inputs) as Json;
            expect(proxy).to.deep.include({ engineFamily: "POSTGRESQL", requireTls: true, debugLogging: false });
            expect(proxy.vpcSubnetIds).to.deep.equal(["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]);
            const secret = ev.recorder.ofType("aws:secretsmanager/secret:Secret").find((s) => s.name === "tesseral-db-proxy-credentials")!;
            expect(proxy.auths).to.deep.equal([{
                authScheme: "SECRETS", iamAuth: "DISABLED", clientPasswordAuthType: "POSTGRES_SCRAM_SHA_256",
                secretArn: `arn:aws:mock:us-west-2:123456789012:aws:secretsmanager/secret:Secret/${secret.name}`, description: "Tesseral's database user",
            }]);
        });

        it("keeps the credentials secret from the first moment: the database's user and password, nowhere plain", async () => {
            const version = ev.recorder.ofType("aws:secretsmanager/secretVersion:SecretVersion").find((v) => v.name === "tesseral-db-proxy-credentials")!;
            expect(isSecret(version.inputs.secretString)).to.equal(true);
            expect(JSON.parse(plain(version.inputs.secretString) as string)).to.deep.equal({ username: "tesseral", password: "mock-password-tesseral-db-password" });
            for (const r of ev.recorder.resources) {
                for (const s of nonSecretStrings(r.inputs)) expect(s.value.includes("mock-password-tesseral-db-password"), `${r.name} ${s.path}`).to.equal(false);
            }
        });

        it("gives the proxy a role that RDS assumes and that may only read that one secret", async () => {
            const role = ev.recorder.named("tesseral-db-proxy-role");
            expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement).to.deep.equal([{ Effect: "Allow", Principal: { Service: "rds.amazonaws.com" }, Action: "sts:AssumeRole" }]);
            const policy = JSON.parse(ev.recorder.named("tesseral-db-proxy-policy").inputs.policy as string);
            expect(policy.Statement).to.deep.equal([{
                Sid: "ReadDatabaseCredentials", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"],
                Resource: ["arn:aws:mock:us-west-2:123456789012:aws:secretsmanager/secret:Secret/tesseral-db-proxy-credentials"],
            }]);
            expect(one("aws:rds/proxy:Proxy").dependencies).to.include(ev.recorder.named("tesseral-db-proxy-policy").urn);
        });

        it("opens the network path API → proxy → database on 5432 only; the API no longer reaches the database directly", async () => {
            const proxySg = ev.recorder.named("tesseral-db-proxy-sg");
            const ingress = plain(ev.recorder.named("tesseral-db-proxy-from-api").inputs) as Json;
            expect(ingress).to.deep.include({ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, securityGroupId: `${proxySg.name}-id`, referencedSecurityGroupId: `${API_SG}-id` });
            const egress = plain(ev.recorder.named("tesseral-db-proxy-to-database").inputs) as Json;
            expect(egress).to.deep.include({ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, securityGroupId: `${proxySg.name}-id`, referencedSecurityGroupId: "tesseral-db-sg-id" });
            const dbIngress = (plain(ev.recorder.named("tesseral-db-sg").inputs) as Json).ingress as { securityGroups: string[]; fromPort: number }[];
            expect(dbIngress.flatMap((r) => r.securityGroups).sort()).to.deep.equal([`${proxySg.name}-id`, "tesseral-network-runner-id"].sort());
            expect(dbIngress.every((r) => r.fromPort === 5432)).to.equal(true);
        });

        it(`targets the ${engine === "rds" ? "instance" : "cluster"} with a pool of ${percent}% of max_connections`, async () => {
            expect(plain(one("aws:rds/proxyTarget:ProxyTarget").inputs)).to.deep.include({ targetGroupName: "default", ...target });
            const group = plain(one("aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup").inputs) as Json;
            expect(group.connectionPoolConfig).to.deep.include({ maxConnectionsPercent: percent, connectionBorrowTimeout: 10 });
        });

        it("points the API's DSN at the proxy (TLS and pool limits kept); migrate and bootstrap go to the database itself", async () => {
            const version = ev.recorder.ofType("aws:secretsmanager/secretVersion:SecretVersion").find((v) => v.name === "tesseral-secrets-secret")
                ?? ev.recorder.ofType("aws:secretsmanager/secretVersion:SecretVersion").find((v) => JSON.parse(plain(v.inputs.secretString) as string).API_DB_DSN)!;
            const dsn = new URL(JSON.parse(plain(version.inputs.secretString) as string).API_DB_DSN);
            expect(dsn.hostname).to.equal("tesseral-db-proxy.proxy-abcdefghij.us-west-2.rds.amazonaws.com");
            expect(dsn.searchParams.get("sslmode")).to.equal("require");
            expect(dsn.searchParams.get("pool_max_conns")).to.equal("2");
            const env = (plain(ev.recorder.named("tesseral-ops-fn").inputs.environment) as Json).variables;
            expect(env.TESSERAL_DB_HOST).to.match(engine === "rds" ? /^tesseral-db-postgres\.abcdefghij\./ : /^tesseral-db-aurora\.cluster-abcdefghij\./);
            // The API starts after the proxy can reach its target; its concurrency follows the proxy's pool.
            const fn = ev.recorder.ofType("aws:lambda/function:Function").find((f) => f.inputs.description === "Tesseral API (behind API Gateway and CloudFront)")!;
            expect(fn.dependencies).to.include(one("aws:rds/proxyTarget:ProxyTarget").urn);
            expect(fn.inputs.reservedConcurrentExecutions).to.equal(concurrency);
        });
    });
}

describe("database.proxy off (the default) (layer 2)", () => {
    it("makes no proxy, no proxy secret, and the API's DSN names the database", async () => {
        const ev = await evaluateProgram({ config: devConfig({ runner: "lambda" }) });
        expect(ev.recorder.resources.filter((r) => r.type.startsWith("aws:rds/proxy"))).to.deep.equal([]);
        const env = (plain(ev.recorder.named("tesseral-ops-fn").inputs.environment) as Json).variables;
        expect(env.TESSERAL_DB_HOST).to.equal(undefined);
        const [version] = ev.recorder.ofType("aws:secretsmanager/secretVersion:SecretVersion");
        expect(new URL(JSON.parse(plain(version.inputs.secretString) as string).API_DB_DSN).hostname).to.equal("tesseral-db-postgres.abcdefghij.us-west-2.rds.amazonaws.com");
    });
});
