import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as random from "@pulumi/random";
import { TesseralApi } from "./api/api";
import { Edge } from "./edge/edge";
import { DeployChain } from "./chain/deploy-chain";
import { LocalRunner } from "./chain/local-runner";
import { DatabaseRunner } from "./chain/runner";
import { requireProjectServices } from "./config/required-secrets";
import { parseSettings } from "./config/parse";
import { localBootstrapper } from "./config/bootstrapper";
import { Settings, TesseralArgs } from "./config/settings";
import { nodeEnvironment } from "./config/stack";
import { ApiSecrets } from "./data/api-secrets";
import { connectionBudget, withPoolLimits } from "./config/capacity";
import { monitoring } from "./ops/monitoring";
import { Database } from "./data/database";
import { DatabaseProxy, dsnWithHost, proxySecurityGroup } from "./data/proxy";
import { snapshotOwner, snapshotPrefix } from "./data/snapshots";
import { Keys } from "./data/keys";
import { KeyPolicies } from "./data/key-policies";
import { DnsRecord, Mail } from "./data/mail";
import { Network } from "./data/network";
import { UserContent } from "./data/user-content";
import { ArtifactBucket } from "./publish/artifact-bucket";
import { OpsRunner } from "./runner/ops-runner";

interface TesseralParts {
    settings: Settings;
    chain: DeployChain;
    apiSecrets: ApiSecrets;
    userContent: UserContent;
    api: TesseralApi;
    edge: Edge;
}

const PARTS = new WeakMap<Tesseral, TesseralParts>();

function partsOf(t: Tesseral): TesseralParts {
    const parts = PARTS.get(t);
    if (!parts) throw new Error("Tesseral: its parts are not built yet");
    return parts;
}

/**
 * Tesseral on your AWS account: builds it from source, provisions the data plane, migrates and
 * bootstraps the database, and builds the SPAs.
 *
 * @example
 * const auth = new Tesseral("auth", { domain: "auth.example.com", rootUserEmail: "admin@example.com" });
 * export const consoleUrl = auth.consoleUrl;
 */
export class Tesseral extends pulumi.ComponentResource {
    public readonly consoleUrl: pulumi.Output<string>;
    public readonly vaultUrl: pulumi.Output<string>;
    public readonly backendApiUrl: pulumi.Output<string>;
    public readonly configApiUrl: pulumi.Output<string>;
    public readonly userContentBaseUrl: pulumi.Output<string>;
    public readonly dogfoodProjectId: pulumi.Output<string>;
    /** The first console user's e-mail ("" when an existing database was adopted). */
    public readonly bootstrapUserEmail: pulumi.Output<string>;
    /** The first console user's password; secret ("" when an existing database was adopted). */
    public readonly bootstrapUserPassword: pulumi.Output<string>;
    /** Every DNS record to create; empty with hostedZoneId, where they are made in Route 53. */
    public readonly dnsRecords: pulumi.Output<DnsRecord[]>;
    /** The SES sending domains; verify them (DKIM) before login e-mails work. */
    public readonly sesIdentities: pulumi.Output<string[]>;
    /** The CloudWatch dashboard of this stack. */
    public readonly dashboardUrl: pulumi.Output<string>;

    // The parts, for TypeScript users, are getters: a component package's analyzer reads every
    // property declaration as an output, and these are not outputs other languages can take.
    /** The validated settings, every default filled in. */
    get settings(): Settings { return partsOf(this).settings; }
    get chain(): DeployChain { return partsOf(this).chain; }
    get apiSecrets(): ApiSecrets { return partsOf(this).apiSecrets; }
    get userContent(): UserContent { return partsOf(this).userContent; }
    get api(): TesseralApi { return partsOf(this).api; }
    get edge(): Edge { return partsOf(this).edge; }

    constructor(name: string, args: TesseralArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate everything before the first resource (this component included) exists.
        const settings = parseSettings(args, nodeEnvironment);
        requireProjectServices(settings.secrets);
        super("tesseral-aws:index:Tesseral", name, {}, opts);
        // The stack's region (aws:region), where every regional resource and AWS call goes.
        const region = aws.config.region ?? "us-east-1";

        // 1. Network and keys.
        const network = new Network(`${name}-network`, { network: settings.network }, { parent: this });
        const keys = new Keys(`${name}-keys`, { protect: settings.protect }, { parent: this });

        // 2. PostgreSQL, reachable from the API (or its RDS Proxy) and the runner only.
        const proxySg = settings.database.proxy ? proxySecurityGroup(`${name}-db`, network.vpcId, this) : undefined;
        const database = new Database(`${name}-db`, {
            database: settings.database, protect: settings.protect, vpcId: network.vpcId,
            privateSubnetIds: network.privateSubnetIds,
            clientSecurityGroupIds: [proxySg ? proxySg.id : network.apiSecurityGroup.id, network.runnerSecurityGroup.id],
        }, { parent: this });
        // The DB instance or cluster identifier (empty where an emulator makes no such resource).
        const databaseIdentifier = database.metricDimensions.apply((d) => d.DBInstanceIdentifier ?? d.DBClusterIdentifier ?? "");
        const proxy = proxySg ? new DatabaseProxy(`${name}-db-proxy`, {
            engine: settings.database.engine, dsn: database.dsn, databaseIdentifier, privateSubnetIds: network.privateSubnetIds,
            securityGroup: proxySg, clientSecurityGroupId: network.apiSecurityGroup.id, databaseSecurityGroupId: database.securityGroup.id,
            // A class of unknown memory (api.reservedConcurrency set by hand): 90%, leaving a tenth free.
            budget: connectionBudget(settings.database)?.proxy ?? { maxConnectionsPercent: 90, poolConnections: 0 }, protect: settings.protect,
        }, { parent: this }) : undefined;
        // The API's DSN: the proxy's endpoint with it; migrate and bootstrap always go to the database itself.
        const apiDsn = proxy
            ? pulumi.secret(pulumi.all([database.dsn, proxy.endpoint]).apply(([dsn, host]) => withPoolLimits(dsnWithHost(dsn, host))))
            : pulumi.secret(database.dsn.apply(withPoolLimits));

        // 3. The API's secret settings (one Secrets Manager JSON), user content, mail identities.
        const apiSecrets = new ApiSecrets(`${name}-secrets`, { dsn: apiDsn, secrets: settings.secrets, protect: settings.protect }, { parent: this });
        const userContent = new UserContent(`${name}-user-content`, { consoleDomain: settings.consoleDomain, protect: settings.protect, managePolicy: false }, { parent: this });
        const mail = new Mail(`${name}-mail`, {
            vaultDomain: settings.vaultDomain, authAppsRootDomain: settings.authAppsRootDomain,
            region, hostedZoneId: settings.hostedZoneId,
        }, { parent: this });

        // 4. Where migrate and bootstrap run: the in-VPC ops function, or this machine. Before
        //    migrating an existing database they snapshot it (this stack's prefix, the last N kept).
        const artifacts = new ArtifactBucket(`${name}-artifacts`, {}, { parent: this });
        const caller = aws.getCallerIdentityOutput({}, { parent: this });
        const migrationSnapshots = {
            engine: settings.database.engine === "rds" ? "rds" as const : "aurora" as const,
            database: databaseIdentifier,
            prefix: snapshotPrefix(pulumi.getProject(), pulumi.getStack(), name),
            owner: snapshotOwner(pulumi.getProject(), pulumi.getStack(), name),
            keep: settings.database.keepMigrationSnapshots,
            region,
        };
        const runner: DatabaseRunner = settings.runner === "local" ? new LocalRunner(migrationSnapshots) : new OpsRunner(`${name}-ops`, {
            architecture: settings.api.architecture, privateSubnetIds: network.privateSubnetIds,
            securityGroupId: network.runnerSecurityGroup.id, apiSecretArn: apiSecrets.secretArn, apiSecretVersion: apiSecrets.version,
            sessionKeyArn: keys.keys.session.arn, artifacts, region, logRetentionDays: settings.api.logRetentionDays,
            bootstrap: { rootUserEmail: settings.rootUserEmail, consoleDomain: settings.consoleDomain, vaultDomain: settings.vaultDomain },
            migrationSnapshots: { ...migrationSnapshots, accountId: caller.accountId, partition: caller.arn.apply((arn) => arn.split(":")[1]) },
            directDatabaseHost: proxy ? pulumi.unsecret(database.dsn.apply((dsn) => new URL(dsn).hostname)) : undefined,
        }, { parent: this });

        // 5. The deploy chain: build, migrate, bootstrap once, build the SPAs.
        const chain = new DeployChain(`${name}-chain`, {
            settings, runner, dsn: database.dsn, databaseIdentity: database.identity,
            sessionKmsKeyId: keys.keys.session.arn, region, databaseReady: [database],
        }, { parent: this });

        // 6. The API: Lambda behind API Gateway, reachable only with the edge's secret header.
        const originVerify = new random.RandomPassword(`${name}-origin-verify`, { length: 48, special: false }, { parent: this });
        const api = new TesseralApi(`${name}-api`, {
            settings, apiBinary: chain.api, sourceDir: chain.source.tree.dir,
            privateSubnetIds: network.privateSubnetIds, securityGroupId: network.apiSecurityGroup.id, keys: keys.keys,
            apiSecretArn: apiSecrets.secretArn, apiSecretVersionId: apiSecrets.version.versionId, userContentBucketName: userContent.bucketName,
            userContentBucketArn: userContent.bucketArn, sesIdentityArns: mail.identities.map((i) => i.arn),
            dogfoodProjectId: chain.dogfoodProjectId, originVerifySecret: originVerify.result, region,
            accountId: caller.accountId, artifacts,
            // Rebuild, migrate, then redeploy: the new API never runs against an unmigrated
            // schema (also when dogfoodProjectId is configured and nothing else orders them),
            // and it starts only once its secret has a value.
            deployAfter: [chain.migrate, apiSecrets.version, ...(proxy ? proxy.ready : [])],
        }, { parent: this });

        // 7. The edge: CloudFront for the console, the vaults, the APIs and user content; certificates, DNS.
        const edge = new Edge(`${name}-edge`, {
            settings, apiOriginHost: api.apiEndpointHost, originVerifySecret: originVerify.result,
            consoleBuild: chain.console, consoleFingerprint: chain.source.tree.fingerprints.console,
            vaultUiBuild: chain.vaultUi, vaultUiFingerprint: chain.source.tree.fingerprints.vaultUi,
            userContent: {
                bucketName: userContent.bucketName, bucketArn: userContent.bucketArn,
                bucketRegionalDomainName: userContent.bucketRegionalDomainName,
            },
            region,
        }, { parent: this, dependsOn: [userContent] });

        // 8. Key policies: only the roles that use the keys may encrypt and decrypt with them.
        const bootstrapper = runner instanceof OpsRunner
            ? runner.role.arn
            : aws.iam.getSessionContextOutput({ arn: caller.arn }, { parent: this }).issuerArn.apply(localBootstrapper);
        new KeyPolicies(`${name}-key-policies`, {
            keys: keys.keys, accountId: caller.accountId, users: [api.roleArn], sessionKeyEncryptors: [bootstrapper],
        }, { parent: this });

        // 9. A picture of the running system: the dashboard and the operational alarms.
        const ops = monitoring(`${name}-ops-monitoring`, this, {
            settings, region, databaseDimensions: database.metricDimensions, functionName: api.functionName, apiId: api.apiId,
            distributionIds: Object.values(edge.distributions).map((d) => d.id), alarmActions: api.alarmActions,
        });

        // 10. Outputs.
        this.consoleUrl = edge.consoleUrl;
        this.vaultUrl = edge.vaultUrl;
        this.backendApiUrl = edge.backendApiUrl;
        this.configApiUrl = edge.configApiUrl;
        this.userContentBaseUrl = edge.userContentBaseUrl;
        this.dogfoodProjectId = chain.dogfoodProjectId;
        this.bootstrapUserEmail = chain.bootstrapUserEmail.apply((e) => e ?? "");
        this.bootstrapUserPassword = pulumi.secret(chain.bootstrapUserPassword.apply((p) => p ?? ""));
        PARTS.set(this, { settings, chain, apiSecrets, userContent, api, edge });
        // With a hosted zone every record is made here; without one, these are the ones to create.
        this.dnsRecords = settings.hostedZoneId
            ? pulumi.output([])
            : pulumi.all([edge.dnsRecords, mail.dnsRecords]).apply(([edge, mailRecords]) => [...edge, ...mailRecords]);
        this.sesIdentities = pulumi.output(mail.sesIdentities);
        this.dashboardUrl = ops.dashboardUrl;
        this.registerOutputs({
            dnsRecords: this.dnsRecords, sesIdentities: this.sesIdentities,
            consoleUrl: this.consoleUrl, vaultUrl: this.vaultUrl, backendApiUrl: this.backendApiUrl,
            configApiUrl: this.configApiUrl, userContentBaseUrl: this.userContentBaseUrl,
            dogfoodProjectId: this.dogfoodProjectId, bootstrapUserEmail: this.bootstrapUserEmail,
            bootstrapUserPassword: this.bootstrapUserPassword, dashboardUrl: this.dashboardUrl,
        });
    }
}
