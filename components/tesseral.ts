import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as random from "@pulumi/random";
import { TesseralApi } from "./api/api";
import { Edge } from "./edge/edge";
import { DeployChain } from "./chain/deploy-chain";
import { LocalRunner } from "./chain/local-runner";
import { DatabaseRunner } from "./chain/runner";
import { parseSettings } from "./config/parse";
import { Settings, TesseralArgs } from "./config/settings";
import { nodeEnvironment } from "./config/stack";
import { ApiSecrets } from "./data/api-secrets";
import { Database } from "./data/database";
import { Keys } from "./data/keys";
import { KeyPolicies } from "./data/key-policies";
import { DnsRecord, Mail } from "./data/mail";
import { Network } from "./data/network";
import { UserContent } from "./data/user-content";
import { ArtifactBucket } from "./publish/artifact-bucket";
import { OpsRunner } from "./runner/ops-runner";

/**
 * Tesseral on your AWS account: builds it from source, provisions the data plane, migrates and
 * bootstraps the database, and builds the SPAs.
 *
 * @example
 * const auth = new Tesseral("auth", { domain: "auth.example.com", rootUserEmail: "admin@example.com" });
 * export const consoleUrl = auth.consoleUrl;
 */
export class Tesseral extends pulumi.ComponentResource {
    public readonly settings: Settings;
    public readonly consoleUrl: pulumi.Output<string>;
    public readonly vaultUrl: pulumi.Output<string>;
    public readonly backendApiUrl: pulumi.Output<string>;
    public readonly configApiUrl: pulumi.Output<string>;
    public readonly userContentBaseUrl: pulumi.Output<string>;
    public readonly dogfoodProjectId: pulumi.Output<string>;
    public readonly bootstrapUserEmail: pulumi.Output<string | undefined>;
    /** Secret. */
    public readonly bootstrapUserPassword: pulumi.Output<string | undefined>;
    /** Every DNS record to create (SES DKIM and MAIL FROM for now); created in Route 53 when hostedZoneId is set. */
    public readonly dnsRecords: pulumi.Output<DnsRecord[]>;
    /** The SES sending domains; verify them (DKIM) before login e-mails work. */
    public readonly sesIdentities: pulumi.Output<string[]>;
    public readonly chain: DeployChain;
    public readonly apiSecrets: ApiSecrets;
    public readonly userContent: UserContent;
    public readonly api: TesseralApi;
    public readonly edge: Edge;

    constructor(name: string, args: TesseralArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate everything before the first resource (this component included) exists.
        const settings = parseSettings(args, nodeEnvironment);
        super("tesseral-aws:index:Tesseral", name, {}, opts);
        this.settings = settings;

        // 1. Network and keys.
        const network = new Network(`${name}-network`, { network: settings.network }, { parent: this });
        const keys = new Keys(`${name}-keys`, { protect: settings.protect }, { parent: this });

        // 2. PostgreSQL, reachable from the API and the runner only.
        const database = new Database(`${name}-db`, {
            database: settings.database, protect: settings.protect, vpcId: network.vpcId,
            privateSubnetIds: network.privateSubnetIds,
            clientSecurityGroupIds: [network.apiSecurityGroup.id, network.runnerSecurityGroup.id],
        }, { parent: this });

        // 3. The API's secret settings (one Secrets Manager JSON), user content, mail identities.
        this.apiSecrets = new ApiSecrets(`${name}-secrets`, { dsn: database.dsn, secrets: settings.secrets, protect: settings.protect }, { parent: this });
        this.userContent = new UserContent(`${name}-user-content`, { consoleDomain: settings.consoleDomain, protect: settings.protect, managePolicy: false }, { parent: this });
        const mail = new Mail(`${name}-mail`, {
            vaultDomain: settings.vaultDomain, authAppsRootDomain: settings.authAppsRootDomain,
            region: aws.config.region ?? "us-east-1", hostedZoneId: settings.hostedZoneId,
        }, { parent: this });

        // 4. Where migrate and bootstrap run: the in-VPC ops function, or this machine.
        const artifacts = new ArtifactBucket(`${name}-artifacts`, {}, { parent: this });
        const region = aws.config.region ?? "us-east-1";
        const runner: DatabaseRunner = settings.runner === "local" ? new LocalRunner() : new OpsRunner(`${name}-ops`, {
            architecture: settings.api.architecture, privateSubnetIds: network.privateSubnetIds,
            securityGroupId: network.runnerSecurityGroup.id, apiSecretArn: this.apiSecrets.secretArn,
            sessionKeyArn: keys.keys.session.arn, artifacts, region, logRetentionDays: settings.api.logRetentionDays,
        }, { parent: this });

        // 5. The deploy chain: build, migrate, bootstrap once, build the SPAs.
        this.chain = new DeployChain(`${name}-chain`, {
            settings, runner, dsn: database.dsn, databaseIdentity: database.identity,
            sessionKmsKeyId: keys.keys.session.keyId, databaseReady: [database],
        }, { parent: this });

        // 6. The API: Lambda behind API Gateway, reachable only with the edge's secret header.
        const caller = aws.getCallerIdentityOutput({}, { parent: this });
        const originVerify = new random.RandomPassword(`${name}-origin-verify`, { length: 48, special: false }, { parent: this });
        this.api = new TesseralApi(`${name}-api`, {
            settings, apiBinary: this.chain.api, sourceDir: this.chain.source.tree.dir,
            privateSubnetIds: network.privateSubnetIds, securityGroupId: network.apiSecurityGroup.id, keys: keys.keys,
            apiSecretArn: this.apiSecrets.secretArn, userContentBucketName: this.userContent.bucketName,
            userContentBucketArn: this.userContent.bucketArn, sesIdentityArns: mail.identities.map((i) => i.arn),
            dogfoodProjectId: this.chain.dogfoodProjectId, originVerifySecret: originVerify.result, region,
            accountId: caller.accountId, artifacts,
        }, { parent: this });

        // 7. The edge: CloudFront for the console, the vaults, the APIs and user content; certificates, DNS.
        this.edge = new Edge(`${name}-edge`, {
            settings, apiOriginHost: this.api.apiEndpointHost, originVerifySecret: originVerify.result,
            consoleBuild: this.chain.console, consoleFingerprint: this.chain.source.tree.fingerprints.console,
            vaultUiBuild: this.chain.vaultUi, vaultUiFingerprint: this.chain.source.tree.fingerprints.vaultUi,
            userContent: {
                bucketName: this.userContent.bucketName, bucketArn: this.userContent.bucketArn,
                bucketRegionalDomainName: this.userContent.bucketRegionalDomainName,
            },
            region,
        }, { parent: this, dependsOn: [this.userContent] });

        // 8. Key policies: only the roles that use the keys may encrypt and decrypt with them.
        const bootstrapper = runner instanceof OpsRunner
            ? runner.role.arn
            : aws.iam.getSessionContextOutput({ arn: caller.arn }, { parent: this }).issuerArn;
        new KeyPolicies(`${name}-key-policies`, {
            keys: keys.keys, accountId: caller.accountId, users: [this.api.roleArn], sessionKeyUsers: [bootstrapper],
        }, { parent: this });

        // 9. Outputs.
        this.consoleUrl = this.edge.consoleUrl;
        this.vaultUrl = this.edge.vaultUrl;
        this.backendApiUrl = this.edge.backendApiUrl;
        this.configApiUrl = this.edge.configApiUrl;
        this.userContentBaseUrl = this.edge.userContentBaseUrl;
        this.dogfoodProjectId = this.chain.dogfoodProjectId;
        this.bootstrapUserEmail = this.chain.bootstrapUserEmail;
        this.bootstrapUserPassword = this.chain.bootstrapUserPassword;
        // With a hosted zone every record is made here; without one, these are the ones to create.
        this.dnsRecords = settings.hostedZoneId
            ? pulumi.output([])
            : pulumi.all([this.edge.dnsRecords, mail.dnsRecords]).apply(([edge, mailRecords]) => [...edge, ...mailRecords]);
        this.sesIdentities = pulumi.output(mail.sesIdentities);
        this.registerOutputs({
            dnsRecords: this.dnsRecords, sesIdentities: this.sesIdentities,
            consoleUrl: this.consoleUrl, vaultUrl: this.vaultUrl, backendApiUrl: this.backendApiUrl,
            configApiUrl: this.configApiUrl, userContentBaseUrl: this.userContentBaseUrl,
            dogfoodProjectId: this.dogfoodProjectId, bootstrapUserEmail: this.bootstrapUserEmail,
            bootstrapUserPassword: this.bootstrapUserPassword,
        });
    }
}
