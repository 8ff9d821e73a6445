import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as random from "@pulumi/random";
import { Settings } from "../config/settings";
import { auroraEngineVersion, POSTGRES_MAJOR } from "./engine-version";

export const DB_NAME = "tesseral";
export const DB_USER = "tesseral";
export { POSTGRES_MAJOR } from "./engine-version";
/** How long an idle Aurora cluster with minCapacity 0 waits before pausing. */
export const AURORA_AUTO_PAUSE_SECONDS = 3600;

export interface DatabaseArgs {
    database: Settings["database"];
    protect: boolean;
    vpcId: pulumi.Input<string>;
    privateSubnetIds: pulumi.Input<string[]>;
    /** Security groups allowed to reach 5432 (the API's and the runner's). */
    clientSecurityGroupIds: pulumi.Input<string>[];
}

/** The parameter that makes PostgreSQL refuse connections without TLS (RDS and Aurora alike). */
export const FORCE_SSL = { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" };

/**
 * What every Tesseral database gets whatever the engine: encrypted storage, the configured
 * backups, and what `protect` means (deletion protection and a final snapshot, or a clean destroy).
 */
export function durability(name: string, backupRetentionDays: number, protect: boolean) {
    return {
        storageEncrypted: true,
        backupRetentionPeriod: backupRetentionDays,
        copyTagsToSnapshot: true,
        deletionProtection: protect,
        skipFinalSnapshot: !protect,
        finalSnapshotIdentifier: protect ? `${name}-final` : undefined,
        applyImmediately: !protect,
    };
}

/** `postgres://user:password@host:port/db?sslmode=require`; secret because the password is. */
export function databaseUrl(password: pulumi.Input<string>, host: pulumi.Input<string>, port: pulumi.Input<number>): pulumi.Output<string> {
    return pulumi.secret(pulumi.interpolate`postgres://${DB_USER}:${password}@${host}:${port}/${DB_NAME}?sslmode=require`);
}

/** Where the engine is reached and what identifies this database for good. */
interface Endpoint {
    host: pulumi.Output<string>;
    port: pulumi.Output<number>;
    /** The RDS resource id (instance or cluster): new only for a new database. */
    identity: pulumi.Output<string>;
    /** The CloudWatch dimension of the database: DBInstanceIdentifier (RDS) or DBClusterIdentifier (Aurora). */
    metricDimensions: pulumi.Output<Record<string, string>>;
}

/**
 * Tesseral's PostgreSQL: RDS (default) or Aurora Serverless v2; private, encrypted, TLS forced,
 * backed up, reachable on 5432 only from the given security groups. `protect` keeps it on destroy
 * (final snapshot) and turns on deletion protection.
 */
export class Database extends pulumi.ComponentResource {
    /** Secret PostgreSQL URL. */
    public readonly dsn: pulumi.Output<string>;
    /** Changes only when the database is a new one: what bootstrap runs once for. */
    public readonly identity: pulumi.Output<string>;
    public readonly securityGroup: aws.ec2.SecurityGroup;
    /** The CloudWatch dimension of the database (dashboard, alarms). */
    public readonly metricDimensions: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:Database", name, {}, opts);
        const password = new random.RandomPassword(`${name}-password`, { length: 40, special: false }, { parent: this });
        this.securityGroup = this.securityGroupFor(name, args);
        const subnets = new aws.rds.SubnetGroup(`${name}-subnets`, { subnetIds: args.privateSubnetIds }, { parent: this });
        const endpoint = args.database.engine === "rds"
            ? this.rdsInstance(name, args, password, subnets)
            : this.auroraCluster(name, args, password, subnets);
        this.dsn = databaseUrl(password.result, endpoint.host, endpoint.port);
        this.identity = endpoint.identity;
        this.metricDimensions = endpoint.metricDimensions;
        this.registerOutputs({ identity: this.identity });
    }

    private rdsInstance(name: string, args: DatabaseArgs, password: random.RandomPassword, subnets: aws.rds.SubnetGroup): Endpoint {
        const parameters = new aws.rds.ParameterGroup(`${name}-params`, {
            family: `postgres${POSTGRES_MAJOR}`,
            description: "Tesseral: TLS required",
            parameters: [FORCE_SSL],
        }, { parent: this });
        const db = args.database;
        const instance = new aws.rds.Instance(`${name}-postgres`, {
            engine: "postgres",
            engineVersion: POSTGRES_MAJOR,
            autoMinorVersionUpgrade: true,
            allowMajorVersionUpgrade: false,
            instanceClass: db.instanceClass,
            allocatedStorage: db.storageGb,
            storageType: "gp3",
            multiAz: db.multiAz,
            dbName: DB_NAME,
            username: DB_USER,
            password: password.result,
            port: 5432,
            dbSubnetGroupName: subnets.name,
            parameterGroupName: parameters.name,
            vpcSecurityGroupIds: [this.securityGroup.id],
            publiclyAccessible: false,
            ...durability(name, db.backupRetentionDays, args.protect),
        }, { parent: this, retainOnDelete: args.protect });
        return { host: instance.address, port: instance.port, identity: instance.resourceId, metricDimensions: instance.identifier.apply((id): Record<string, string> => ({ DBInstanceIdentifier: id })) };
    }

    private auroraCluster(name: string, args: DatabaseArgs, password: random.RandomPassword, subnets: aws.rds.SubnetGroup): Endpoint {
        const db = args.database;
        const parameters = new aws.rds.ClusterParameterGroup(`${name}-cluster-params`, {
            family: `aurora-postgresql${POSTGRES_MAJOR}`,
            description: "Tesseral: TLS required",
            parameters: [FORCE_SSL],
        }, { parent: this });
        const cluster = new aws.rds.Cluster(`${name}-aurora`, {
            engine: "aurora-postgresql",
            engineMode: "provisioned",
            engineVersion: auroraEngineVersion(this),
            allowMajorVersionUpgrade: false,
            databaseName: DB_NAME,
            masterUsername: DB_USER,
            masterPassword: password.result,
            port: 5432,
            dbSubnetGroupName: subnets.name,
            dbClusterParameterGroupName: parameters.name,
            vpcSecurityGroupIds: [this.securityGroup.id],
            ...durability(name, db.backupRetentionDays, args.protect),
            serverlessv2ScalingConfiguration: {
                minCapacity: db.minCapacity,
                maxCapacity: db.maxCapacity,
                secondsUntilAutoPause: db.minCapacity === 0 ? AURORA_AUTO_PAUSE_SECONDS : undefined,
            },
        }, {
            parent: this,
            retainOnDelete: args.protect,
            // AWS applies minor upgrades itself; a newer minor in state must not read as a downgrade.
            ignoreChanges: ["engineVersion"],
        });
        const instances = db.multiAz ? 2 : 1;
        for (let i = 0; i < instances; i++) {
            new aws.rds.ClusterInstance(`${name}-aurora-${i}`, {
                clusterIdentifier: cluster.id,
                instanceClass: "db.serverless",
                engine: "aurora-postgresql",
                engineVersion: cluster.engineVersion,
                dbSubnetGroupName: subnets.name,
                publiclyAccessible: false,
                autoMinorVersionUpgrade: true,
            }, { parent: this, retainOnDelete: args.protect, ignoreChanges: ["engineVersion"] });
        }
        return { host: cluster.endpoint, port: cluster.port, identity: cluster.clusterResourceId, metricDimensions: cluster.clusterIdentifier.apply((id): Record<string, string> => ({ DBClusterIdentifier: id })) };
    }

    private securityGroupFor(name: string, args: DatabaseArgs): aws.ec2.SecurityGroup {
        return new aws.ec2.SecurityGroup(`${name}-sg`, {
            vpcId: args.vpcId,
            description: "Tesseral PostgreSQL: 5432 from the API and the runner only",
            ingress: args.clientSecurityGroupIds.map((sg) => ({
                protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: [sg], description: "PostgreSQL",
            })),
        }, { parent: this });
    }
}
