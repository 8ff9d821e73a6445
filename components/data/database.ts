import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as random from "@pulumi/random";
import { Settings } from "../config/settings";

export const DB_NAME = "tesseral";
export const DB_USER = "tesseral";
/** PostgreSQL 16; AWS's current minor for 16 is past the 16.4 Tesseral needs, and minor upgrades stay on. */
export const POSTGRES_MAJOR = "16";

export interface DatabaseArgs {
    database: Settings["database"];
    protect: boolean;
    vpcId: pulumi.Input<string>;
    privateSubnetIds: pulumi.Input<string[]>;
    /** Security groups allowed to reach 5432 (the API's and the runner's). */
    clientSecurityGroupIds: pulumi.Input<string>[];
}

/** `postgres://user:password@host:port/db?sslmode=require`; secret because the password is. */
export function databaseUrl(password: pulumi.Input<string>, host: pulumi.Input<string>, port: pulumi.Input<number>): pulumi.Output<string> {
    return pulumi.secret(pulumi.interpolate`postgres://${DB_USER}:${password}@${host}:${port}/${DB_NAME}?sslmode=require`);
}

/**
 * Tesseral's PostgreSQL: private, encrypted, TLS forced, backed up, reachable on 5432 only from
 * the given security groups. `protect` keeps it on destroy and turns on deletion protection.
 */
export class Database extends pulumi.ComponentResource {
    /** Secret PostgreSQL URL. */
    public readonly dsn: pulumi.Output<string>;
    /** Changes only when the database is a new one: what bootstrap runs once for. */
    public readonly identity: pulumi.Output<string>;
    public readonly securityGroup: aws.ec2.SecurityGroup;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:Database", name, {}, opts);
        const keep = { parent: this, retainOnDelete: args.protect };
        const password = new random.RandomPassword(`${name}-password`, { length: 40, special: false }, { parent: this });
        this.securityGroup = this.securityGroupFor(name, args);
        const subnets = new aws.rds.SubnetGroup(`${name}-subnets`, { subnetIds: args.privateSubnetIds }, { parent: this });
        const parameters = new aws.rds.ParameterGroup(`${name}-params`, {
            family: `postgres${POSTGRES_MAJOR}`,
            description: "Tesseral: TLS required",
            parameters: [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }],
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
            storageEncrypted: true,
            multiAz: db.multiAz,
            dbName: DB_NAME,
            username: DB_USER,
            password: password.result,
            port: 5432,
            dbSubnetGroupName: subnets.name,
            parameterGroupName: parameters.name,
            vpcSecurityGroupIds: [this.securityGroup.id],
            publiclyAccessible: false,
            backupRetentionPeriod: db.backupRetentionDays,
            copyTagsToSnapshot: true,
            deletionProtection: args.protect,
            skipFinalSnapshot: !args.protect,
            finalSnapshotIdentifier: args.protect ? `${name}-final` : undefined,
            applyImmediately: !args.protect,
        }, keep);
        this.dsn = databaseUrl(password.result, instance.address, instance.port);
        this.identity = instance.resourceId;
        this.registerOutputs({ identity: this.identity });
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
