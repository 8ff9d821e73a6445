import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { GoBinary } from "../build/go-binary";
import { ZipStep } from "../build/zip-step";
import { bootstrapOutputs } from "../chain/local-runner";
import { BootstrapOutputs, BootstrapRequest, DatabaseRunner, MigrateRequest, MigrationSnapshotPlan } from "../chain/runner";
import { snapshotEnvironment } from "../data/snapshots";
import { Architecture } from "../config/settings";
import { ArtifactBucket } from "../publish/artifact-bucket";
import { S3File } from "../publish/s3-file";
import { buildRoot, fromProject } from "../util/naming";
import { NODE_RUNTIME } from "../util/lambda-runtime";
import { fingerprint } from "../util/hash";
import { opsRolePolicy } from "./ops-policy";

/**
 * Every input of the bootstrap invocation but `triggers`: nothing but a new database runs it again.
 * None of them holds a per-database value (the input is the constant `{"action":"bootstrap"}`; the
 * function reads the DSN, e-mail, domains and key at run time), because on a replacement the engine
 * replays ignored inputs from the old state.
 */
export const BOOTSTRAP_INVOCATION_IGNORED = ["functionName", "input", "qualifier", "lifecycleScope"];

/** What bootstrap writes into the dogfood project; the ops function holds them in its environment. */
export interface OpsBootstrapSettings {
    rootUserEmail: string;
    consoleDomain: string;
    vaultDomain: string;
}

/** The ops function's environment: where its settings are read at run time. Pure. */
export function opsEnvironment(secretArn: pulumi.Input<string>, sessionKeyArn: pulumi.Input<string>, b: OpsBootstrapSettings): Record<string, pulumi.Input<string>> {
    return {
        TESSERAL_SECRET_ID: secretArn,
        TESSERAL_SESSION_KMS_KEY_ID: sessionKeyArn,
        TESSERAL_ROOT_USER_EMAIL: b.rootUserEmail,
        TESSERAL_CONSOLE_DOMAIN: b.consoleDomain,
        TESSERAL_VAULT_DOMAIN: b.vaultDomain,
    };
}

export interface OpsRunnerArgs {
    architecture: Architecture;
    privateSubnetIds: pulumi.Input<string[]>;
    securityGroupId: pulumi.Input<string>;
    /** The API's Secrets Manager secret; the handler reads API_DB_DSN from it at run time. */
    apiSecretArn: pulumi.Input<string>;
    /** The secret's value: invocations wait for it (a first deploy, a new DSN). */
    apiSecretVersion: pulumi.Resource;
    /** Bootstrap encrypts with the session key. */
    sessionKeyArn: pulumi.Input<string>;
    /** What bootstrap writes into the dogfood project. */
    bootstrap: OpsBootstrapSettings;
    artifacts: ArtifactBucket;
    region: string;
    logRetentionDays: number;
    /** The snapshot before migrating an existing database, and where its permissions apply. */
    migrationSnapshots: MigrationSnapshotPlan & { accountId: pulumi.Input<string>; partition: pulumi.Input<string> };
    /**
     * The database's own host, when the API's DSN names another (RDS Proxy): migrate and bootstrap
     * connect here directly. Default: the DSN's host.
     */
    directDatabaseHost?: pulumi.Input<string>;
}

/**
 * The in-VPC runner: a small function beside the database that carries openauthctl and is
 * invoked during the deploy for migrate (re-invoked when openauthctl or the database change) and
 * bootstrap (once per database). Works wherever `pulumi up` runs, Pulumi Deployments included.
 * Before migrating an existing database it takes a manual snapshot (the function's role may create,
 * list and delete this stack's snapshots of this database only).
 */
export class OpsRunner extends pulumi.ComponentResource implements DatabaseRunner {
    public readonly openauthctlArchitecture: Architecture;
    public readonly role: aws.iam.Role;
    private fn: aws.lambda.Function | undefined;

    constructor(private readonly name: string, private readonly args: OpsRunnerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:OpsRunner", name, {}, opts);
        this.openauthctlArchitecture = args.architecture;
        this.role = new aws.iam.Role(`${name}-role`, {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            description: "Tesseral ops runner: migrate and bootstrap inside the VPC",
        }, { parent: this });
        this.registerOutputs({ roleArn: this.role.arn });
    }

    migrate(name: string, req: MigrateRequest, parent: pulumi.Resource): pulumi.Resource {
        const fn = this.function(req.openauthctl, req.openauthctlFingerprint);
        return new aws.lambda.Invocation(name, {
            functionName: fn.name,
            // What the migrations bring the database to: the function snapshots an existing
            // database first when they take it further (its settings are in its environment).
            input: pulumi.output(req.migrations).apply((m) => JSON.stringify({ action: "migrate", migrations: JSON.parse(m) as unknown })),
            triggers: { openauthctl: req.openauthctlFingerprint, database: req.databaseIdentity },
        }, { parent, dependsOn: [fn, this.args.apiSecretVersion, ...req.dependsOn] });
    }

    bootstrap(name: string, req: BootstrapRequest, parent: pulumi.Resource): BootstrapOutputs {
        const fn = this.function(req.openauthctl, "");
        const step = new aws.lambda.Invocation(name, {
            functionName: fn.name,
            // Constant: the e-mail, domains and key come from the function's environment at run time.
            input: JSON.stringify({ action: "bootstrap" }),
            triggers: { database: req.databaseIdentity },
        }, {
            parent,
            dependsOn: [fn, this.args.apiSecretVersion, ...req.dependsOn],
            additionalSecretOutputs: ["result"],
            ignoreChanges: BOOTSTRAP_INVOCATION_IGNORED,
        });
        const line = step.result.apply((r) => {
            const o = JSON.parse(r) as { dogfoodProjectId: string; bootstrapUserEmail: string; bootstrapUserPassword: string };
            return `${o.dogfoodProjectId}\t${o.bootstrapUserEmail}\t${o.bootstrapUserPassword}\n`;
        });
        return bootstrapOutputs(step, line);
    }

    /** The function, made on first use (it carries the openauthctl the chain built). */
    private function(openauthctl: GoBinary, openauthctlFingerprint: string): aws.lambda.Function {
        if (this.fn) return this.fn;
        const name = this.name;
        const handlerFile = path.join(__dirname, "ops-handler.js");
        const handler = fromProject(handlerFile);
        const snapshotFile = path.join(__dirname, "migration-snapshot.js");
        const zip = new ZipStep(`${name}-code`, {
            entries: { "index.js": handler, "migration-snapshot.js": fromProject(snapshotFile), openauthctl: openauthctl.binaryPath },
            outFile: path.posix.join(buildRoot(), "ops", "ops.zip"),
            triggers: [openauthctlFingerprint, fingerprint(fs.readFileSync(handlerFile, "utf8") + fs.readFileSync(snapshotFile, "utf8"))],
            dependsOn: [openauthctl],
        }, { parent: this });
        const key = zip.digests.apply((d) => `ops/${d.zipSha256}.zip`);
        const upload = new S3File(`${name}-code`, {
            file: zip.outFile, bucket: this.args.artifacts.bucketName, key, contentType: "application/zip",
            region: this.args.region, dependsOn: [zip, ...this.args.artifacts.ready],
        }, { parent: this });
        const logs = new aws.cloudwatch.LogGroup(`${name}-logs`, { retentionInDays: this.args.logRetentionDays }, { parent: this });
        const snap = this.args.migrationSnapshots;
        const policy = new aws.iam.RolePolicy(`${name}-policy`, {
            role: this.role.id,
            policy: pulumi.all([this.args.apiSecretArn, this.args.sessionKeyArn, logs.arn, snap.database, snap.accountId, snap.partition])
                .apply(([secret, key, logGroup, database, accountId, partition]) => JSON.stringify(opsRolePolicy({
                    secretArn: secret, sessionKeyArn: key, logGroupArn: logGroup,
                    snapshots: { engine: snap.engine, partition, region: snap.region, accountId, database, prefix: snap.prefix, owner: snap.owner },
                }))),
        }, { parent: this });
        const vpcAccess = new aws.iam.RolePolicyAttachment(`${name}-vpc`, {
            role: this.role.name,
            policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
        }, { parent: this });
        this.fn = new aws.lambda.Function(`${name}-fn`, {
            description: "Tesseral ops: openauthctl migrate and bootstrap",
            runtime: NODE_RUNTIME,
            handler: "index.handler",
            architectures: [this.args.architecture],
            s3Bucket: upload.bucket,
            s3Key: upload.key,
            sourceCodeHash: zip.digests.zipBase64Sha256,
            role: this.role.arn,
            memorySize: 512,
            timeout: 900,
            environment: {
                variables: {
                    ...opsEnvironment(this.args.apiSecretArn, this.args.sessionKeyArn, this.args.bootstrap),
                    ...snapshotEnvironment(snap),
                    ...(this.args.directDatabaseHost === undefined ? {} : { TESSERAL_DB_HOST: this.args.directDatabaseHost }),
                },
            },
            vpcConfig: { subnetIds: this.args.privateSubnetIds, securityGroupIds: [this.args.securityGroupId] },
            loggingConfig: { logFormat: "Text", logGroup: logs.name },
        }, { parent: this, dependsOn: [upload, policy, vpcAccess] });  // the role must hold its permissions first
        return this.fn;
    }
}
