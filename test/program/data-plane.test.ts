import { createHash } from "crypto";
import { expect } from "chai";
import { devConfig, evaluateProgram, Evaluation } from "../support/evaluate";
import { isSecret, nonSecretStrings, plain } from "../support/values";

const STRIPE = "sk_live_do_not_leak_0123456789";
// The static mocks' RandomPassword result is `mock-password-<name>`; the value is its SHA-256.
const PAGE_ENCODING = createHash("sha256").update("mock-password-tesseral-secrets-page-encoding").digest("hex");
const DB_PASSWORD = "mock-password-tesseral-db-password";

describe("data plane wiring (layer 2)", () => {
    let ev: Evaluation;
    before(async () => {
        ev = await evaluateProgram({ config: devConfig({ stripeApiKey: STRIPE }), secretKeys: ["stripeApiKey"] });
    });

    it("keeps the master password, the DSN, the page-encoding value and configured secrets out of every plain value", async () => {
        for (const r of ev.recorder.resources) {
            for (const s of [...nonSecretStrings(r.inputs), ...nonSecretStrings(r.outputs ?? {})]) {
                for (const secret of [STRIPE, PAGE_ENCODING, DB_PASSWORD]) {
                    expect(s.value.includes(secret), `${r.name} ${s.path}`).to.equal(false);
                }
            }
        }
        for (const s of nonSecretStrings(ev.stackOutputs)) {
            for (const secret of [STRIPE, PAGE_ENCODING, DB_PASSWORD]) expect(s.value.includes(secret), s.path).to.equal(false);
        }
    });

    it("generates the page-encoding value with a resource whose id does not carry it (RandomBytes' and RandomId's ids are the bytes)", async () => {
        const source = ev.recorder.named("tesseral-secrets-page-encoding");
        expect(source.type).to.equal("random:index/randomPassword:RandomPassword");
        expect(source.options.additionalSecretOutputs).to.include("result");
        expect(ev.recorder.ofType("random:index/randomBytes:RandomBytes")).to.have.length(0);
        expect(ev.recorder.ofType("random:index/randomId:RandomId")).to.have.length(0);
    });

    it("puts the API's secret settings in one Secrets Manager JSON, secret in state", async () => {
        const [version] = ev.recorder.ofType("aws:secretsmanager/secretVersion:SecretVersion");
        expect(isSecret(version.inputs.secretString)).to.equal(true);
        const json = JSON.parse(plain(version.inputs.secretString) as string);
        expect(json).to.include({ API_STRIPE_API_KEY: STRIPE, API_PAGE_ENCODING_VALUE: PAGE_ENCODING });
        expect(json.API_DB_DSN).to.match(/^postgres:\/\/tesseral:.*@.*:5432\/tesseral\?sslmode=require&pool_max_conns=2&pool_max_conn_idle_time=1m$/);
    });

    it("outputs the SES identities and every DNS record they need when there is no hosted zone", async () => {
        expect(ev.stackOutputs.sesIdentities).to.deep.equal(["mail.vault.console.auth.example.com", "mail.vaults.auth.example.com"]);
        const records = (ev.stackOutputs.dnsRecords as { name: string; type: string }[]).filter((r) => r.name.includes("mail."));
        expect(records).to.have.length(10);
        expect(records.filter((r) => r.type === "MX").map((r) => r.name).sort()).to.deep.equal([
            "bounce.mail.vault.console.auth.example.com", "bounce.mail.vaults.auth.example.com",
        ]);
        expect(ev.recorder.ofType("aws:route53/record:Record")).to.have.length(0);
    });

    it("creates the records in Route 53 when hostedZoneId is set", async () => {
        const zoned = await evaluateProgram({ config: devConfig({ hostedZoneId: "Z0123456789ABCDEFGHIJ" }) });
        const records = zoned.recorder.ofType("aws:route53/record:Record");
        expect(records.filter((r) => String(r.inputs.name).includes("mail."))).to.have.length(10);
        expect(records.every((r) => r.inputs.zoneId === "Z0123456789ABCDEFGHIJ")).to.equal(true);
        expect(zoned.stackOutputs.dnsRecords).to.deep.equal([]);
    });

    it("keeps data on destroy with protect (the default): database, keys, user content, secret", async () => {
        const prod = await evaluateProgram({ config: devConfig({ protect: "true" }) });
        const db = prod.recorder.ofType("aws:rds/instance:Instance")[0];
        expect(db.inputs).to.include({ deletionProtection: true, skipFinalSnapshot: false, storageEncrypted: true, publiclyAccessible: false });
        expect(db.options.retainOnDelete).to.equal(true);
        expect(prod.recorder.named("tesseral-user-content-bucket").options.retainOnDelete).to.equal(true);
        // Build artifacts can always be made again: that bucket is emptied and deleted on destroy.
        expect(prod.recorder.named("tesseral-artifacts-bucket").inputs.forceDestroy).to.equal(true);
        for (const type of ["aws:kms/key:Key", "aws:secretsmanager/secret:Secret"]) {
            const found = prod.recorder.ofType(type);
            expect(found.length, type).to.be.greaterThan(0);
            expect(found.every((r) => r.options.retainOnDelete === true), type).to.equal(true);
        }
        const dev = ev.recorder.ofType("aws:rds/instance:Instance")[0];
        expect(dev.inputs).to.include({ deletionProtection: false, skipFinalSnapshot: true });
    });

    it("forces TLS on PostgreSQL 16 and lets only the API and runner groups reach 5432", async () => {
        const params = ev.recorder.ofType("aws:rds/parameterGroup:ParameterGroup")[0];
        expect(params.inputs.family).to.equal("postgres16");
        expect(params.inputs.parameters).to.deep.include({ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" });
        const sg = ev.recorder.named("tesseral-db-sg");
        const ingress = sg.inputs.ingress as { fromPort: number; toPort: number; securityGroups: string[]; cidrBlocks?: string[] }[];
        expect(ingress).to.have.length(2);
        expect(ingress.every((r) => r.fromPort === 5432 && r.toPort === 5432 && r.securityGroups.length === 1 && !r.cidrBlocks)).to.equal(true);
    });
});

describe("data plane for the dev config and a production-like config (layer 2)", () => {
    let dev: Evaluation;
    let prod: Evaluation;
    const prodConfig = devConfig({
        protect: "true",
        runner: "lambda",
        network: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"], nat: "gateway" },
        database: { engine: "aurora-serverless", multiAz: true, minCapacity: 0.5, maxCapacity: 8, backupRetentionDays: 14 },
    });
    before(async () => {
        dev = await evaluateProgram({ config: devConfig() });
        prod = await evaluateProgram({ config: prodConfig });
    });

    it("dev: creates a two-AZ VPC with private subnets and public subnets for one NAT gateway", async () => {
        const [vpc] = dev.recorder.ofType("awsx:ec2:Vpc");
        expect(vpc.inputs).to.deep.include({ numberOfAvailabilityZones: 2, natGateways: { strategy: "Single" } });
        expect((vpc.inputs.subnetSpecs as { type: string }[]).map((s) => s.type)).to.deep.equal(["Private", "Public"]);
        expect(dev.recorder.ofType("aws:ec2/instance:Instance")).to.have.length(0);
    });

    it("dev with nat: instance: no NAT gateway, one forwarding instance, a default route per private subnet", async () => {
        const cheap = await evaluateProgram({ config: devConfig({ network: { nat: "instance" } }) });
        const [vpc] = cheap.recorder.ofType("awsx:ec2:Vpc");
        expect(vpc.inputs.natGateways).to.deep.equal({ strategy: "None" });
        const [nat] = cheap.recorder.ofType("aws:ec2/instance:Instance");
        expect(nat.inputs).to.deep.include({ instanceType: "t4g.nano", sourceDestCheck: false, associatePublicIpAddress: true, subnetId: "subnet-0bbbbbbbbbbbbbbb1" });
        expect(nat.inputs.metadataOptions).to.deep.include({ httpTokens: "required" });
        expect(nat.options.ignoreChanges).to.deep.equal(["ami"]);
        expect(nat.inputs.userData as string).to.include("MASQUERADE").and.include("ip_forward=1");
        const routes = cheap.recorder.ofType("aws:ec2/route:Route");
        expect(routes.map((r) => r.inputs.routeTableId).sort()).to.deep.equal(["rtb-0aaaaaaaaaaaaaaa1", "rtb-0aaaaaaaaaaaaaaa2"]);
        expect(routes.every((r) => r.inputs.destinationCidrBlock === "0.0.0.0/0")).to.equal(true);
    });

    it("dev: RDS PostgreSQL 16 (>= 16.4), gp3, encrypted, private, in the private subnets", async () => {
        const [db] = dev.recorder.ofType("aws:rds/instance:Instance");
        expect(db.inputs).to.include({ engine: "postgres", engineVersion: "16", autoMinorVersionUpgrade: true, allowMajorVersionUpgrade: false,
            instanceClass: "db.t4g.micro", storageType: "gp3", storageEncrypted: true, publiclyAccessible: false, multiAz: false });
        const [subnets] = dev.recorder.ofType("aws:rds/subnetGroup:SubnetGroup");
        expect(subnets.inputs.subnetIds).to.deep.equal(["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]);
    });

    it("prod: reuses the given VPC and subnets and creates no VPC", async () => {
        expect(prod.recorder.ofType("awsx:ec2:Vpc")).to.have.length(0);
        const [subnets] = prod.recorder.ofType("aws:rds/subnetGroup:SubnetGroup");
        expect(subnets.inputs.subnetIds).to.deep.equal(["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]);
        for (const sg of prod.recorder.ofType("aws:ec2/securityGroup:SecurityGroup")) expect(sg.inputs.vpcId, sg.name).to.equal("vpc-0123456789abcdef0");
    });

    it("prod: Aurora PostgreSQL 16 Serverless v2, two instances for Multi-AZ, encrypted, TLS forced, protected", async () => {
        expect(prod.recorder.ofType("aws:rds/instance:Instance")).to.have.length(0);
        const [cluster] = prod.recorder.ofType("aws:rds/cluster:Cluster");
        expect(cluster.inputs).to.deep.include({
            engine: "aurora-postgresql", engineMode: "provisioned", engineVersion: "16.9", storageEncrypted: true,
            deletionProtection: true, skipFinalSnapshot: false, backupRetentionPeriod: 14,
            serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 8 },
        });
        expect(cluster.options.retainOnDelete).to.equal(true);
        const instances = prod.recorder.ofType("aws:rds/clusterInstance:ClusterInstance");
        expect(instances).to.have.length(2);
        expect(instances.every((i) => i.inputs.instanceClass === "db.serverless" && i.inputs.publiclyAccessible === false && i.options.retainOnDelete === true)).to.equal(true);
        const [params] = prod.recorder.ofType("aws:rds/clusterParameterGroup:ClusterParameterGroup");
        expect(params.inputs.family).to.equal("aurora-postgresql16");
        expect(params.inputs.parameters).to.deep.include({ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" });
        // The in-VPC runner's migrate runs once per openauthctl and per database (the cluster).
        const migrate = prod.recorder.named("tesseral-chain-migrate");
        expect((migrate.inputs.triggers as Record<string, string>).database).to.equal("cluster-TESSERAL-DB-AURORA");
    });

    it("prod: the same credentials, keys, secret, mail, user content and in-VPC runner, on the reused network", async () => {
        const [version] = prod.recorder.ofType("aws:secretsmanager/secretVersion:SecretVersion");
        expect(isSecret(version.inputs.secretString)).to.equal(true);
        const json = JSON.parse(plain(version.inputs.secretString) as string);
        expect(json.API_DB_DSN).to.match(/^postgres:\/\/tesseral:[^@]+@tesseral-db-aurora\.cluster-.*:5432\/tesseral\?sslmode=require&pool_max_conns=2&pool_max_conn_idle_time=1m$/);
        expect(json.API_PAGE_ENCODING_VALUE).to.match(/^[0-9a-f]{64}$/);
        expect(prod.recorder.ofType("aws:kms/key:Key").every((k) => k.inputs.customerMasterKeySpec === "RSA_2048" && k.options.retainOnDelete === true)).to.equal(true);
        expect(prod.recorder.ofType("aws:kms/keyPolicy:KeyPolicy")).to.have.length(7);
        expect(prod.recorder.ofType("aws:sesv2/emailIdentity:EmailIdentity").map((i) => i.inputs.emailIdentity).sort()).to.deep.equal([
            "mail.vault.console.auth.example.com", "mail.vaults.auth.example.com",
        ]);
        const bucket = prod.recorder.named("tesseral-user-content-bucket");
        expect(bucket.options.retainOnDelete).to.equal(true);
        expect(bucket.inputs.forceDestroy).to.equal(false);
        const ops = prod.recorder.named("tesseral-ops-fn");
        expect((plain(ops.inputs.vpcConfig) as { subnetIds: string[] }).subnetIds).to.deep.equal(["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]);
        const api = prod.recorder.ofType("aws:lambda/function:Function").find((f) => f.name !== "tesseral-ops-fn" && f.name !== "tesseral-api-verify");
        expect((plain(api?.inputs.vpcConfig) as { subnetIds: string[] }).subnetIds).to.deep.equal(["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]);
    });

    it("Aurora with minCapacity 0 pauses when idle", async () => {
        const paused = await evaluateProgram({ config: devConfig({ database: { engine: "aurora-serverless", minCapacity: 0 } }) });
        const [cluster] = paused.recorder.ofType("aws:rds/cluster:Cluster");
        expect(cluster.inputs.serverlessv2ScalingConfiguration).to.deep.equal({ minCapacity: 0, maxCapacity: 4, secondsUntilAutoPause: 3600 });
        expect(paused.recorder.ofType("aws:rds/clusterInstance:ClusterInstance")).to.have.length(1);
    });

    it("one KMS key per purpose, RSA_2048 for encryption (Tesseral uses RSAES_OAEP_SHA_256), no rotation (KMS has none for RSA), 30-day deletion window, aliases by stack and purpose", async () => {
        const keys = dev.recorder.ofType("aws:kms/key:Key");
        expect(keys).to.have.length(7);
        for (const k of keys) {
            expect(k.inputs, k.name).to.deep.include({ deletionWindowInDays: 30, keyUsage: "ENCRYPT_DECRYPT", customerMasterKeySpec: "RSA_2048" });
            expect(k.inputs.enableKeyRotation, k.name).to.equal(undefined);
        }
        expect(dev.recorder.ofType("aws:kms/alias:Alias").map((a) => a.inputs.name).sort()).to.deep.equal([
            "alias/tesseral-aws-dev-tesseral-authenticator-app-secrets", "alias/tesseral-aws-dev-tesseral-github-oauth-client-secrets",
            "alias/tesseral-aws-dev-tesseral-google-oauth-client-secrets", "alias/tesseral-aws-dev-tesseral-intermediate-session",
            "alias/tesseral-aws-dev-tesseral-microsoft-oauth-client-secrets", "alias/tesseral-aws-dev-tesseral-oidc-client-secrets", "alias/tesseral-aws-dev-tesseral-session",
        ]);
    });
});

describe("secrets that must arrive (layer 2)", () => {
    const fnEnv = (ev: Evaluation) => plain((ev.recorder.named("tesseral-api-function").inputs.environment as { variables: unknown }).variables) as Record<string, string>;
    const secretJson = (ev: Evaluation) => JSON.parse(plain(ev.recorder.ofType("aws:secretsmanager/secretVersion:SecretVersion")[0].inputs.secretString) as string) as Record<string, string>;

    it("gives the API Sentry's DSN as a plain variable (Tesseral reads it before its secret), still secret in state", async () => {
        const ev = await evaluateProgram({ config: devConfig({ sentryDsn: "https://key@o1.ingest.sentry.io/2" }), secretKeys: ["sentryDsn"] });
        expect(fnEnv(ev).API_SENTRY_DSN).to.equal("https://key@o1.ingest.sentry.io/2");
        expect(isSecret((ev.recorder.named("tesseral-api-function").inputs.environment as { variables: unknown }).variables)).to.equal(true);
        expect(secretJson(ev)).to.not.have.property("API_SENTRY_DSN");
    });

    it("rolls the function when the secret's value changes (the API loads it only at start)", async () => {
        const a = await evaluateProgram({ config: devConfig({ stripeApiKey: "sk_a" }), secretKeys: ["stripeApiKey"] });
        const b = await evaluateProgram({ config: devConfig({ stripeApiKey: "sk_b" }), secretKeys: ["stripeApiKey"] });
        expect(fnEnv(a).TESSERAL_API_SECRET_VERSION).to.be.a("string").and.not.equal(fnEnv(b).TESSERAL_API_SECRET_VERSION);
    });

    it("gives the API the redirect URI of a configured default OAuth client", async () => {
        const ev = await evaluateProgram({
            config: devConfig({ defaultGoogleOAuthRedirectUri: "https://vault.console.auth.example.com/google-oauth-callback", defaultGoogleOAuthClientId: "cid", defaultGoogleOAuthClientSecret: "cs" }),
            secretKeys: ["defaultGoogleOAuthClientId", "defaultGoogleOAuthClientSecret"],
        });
        expect(fnEnv(ev).API_DEFAULT_GOOGLE_OAUTH_REDIRECT_URI).to.equal("https://vault.console.auth.example.com/google-oauth-callback");
        expect(secretJson(ev)).to.include({ API_DEFAULT_GOOGLE_OAUTH_CLIENT_ID: "cid", API_DEFAULT_GOOGLE_OAUTH_CLIENT_SECRET: "cs" });
    });
});
