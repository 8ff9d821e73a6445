import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { PROXY_BORROW_TIMEOUT_SECONDS, ProxyBudget } from "../config/capacity";
import { DatabaseEngine } from "../config/settings";

/** The database's credentials as RDS Proxy reads them from Secrets Manager (`username`, `password`). Pure. */
export function proxyCredentials(dsn: string): string {
    const url = new URL(dsn);
    const username = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    if (!username || !password) throw new Error("the database DSN names no user and password");
    return JSON.stringify({ username, password });
}

/** The DSN with another host (the proxy's endpoint); the rest, TLS included, unchanged. Pure. */
export function dsnWithHost(dsn: string, host: string): string {
    const url = new URL(dsn);
    url.hostname = host;
    return url.toString();
}

/** The proxy role's permissions: read its one secret. Pure. */
export function proxyRolePolicy(secretArn: string): object {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "ReadDatabaseCredentials", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [secretArn] }],
    };
}

/** The proxy's authentication: the secret's credentials, SCRAM from clients, no IAM auth. Pure. */
export function proxyAuth(secretArn: pulumi.Input<string>): aws.types.input.rds.ProxyAuth {
    return {
        authScheme: "SECRETS",
        iamAuth: "DISABLED",
        clientPasswordAuthType: "POSTGRES_SCRAM_SHA_256",
        secretArn,
        description: "Tesseral's database user",
    };
}

/** The proxy's security group: created before the database, which admits it on 5432. */
export function proxySecurityGroup(name: string, vpcId: pulumi.Input<string>, parent: pulumi.Resource): aws.ec2.SecurityGroup {
    return new aws.ec2.SecurityGroup(`${name}-proxy-sg`, {
        vpcId,
        description: "Tesseral RDS Proxy: 5432 from the API, 5432 to the database",
    }, { parent });
}

export interface DatabaseProxyArgs {
    engine: DatabaseEngine;
    /** The database's DSN (secret): the proxy's credentials come from it. */
    dsn: pulumi.Output<string>;
    /** The DB instance (rds) or DB cluster (aurora-serverless) identifier. */
    databaseIdentifier: pulumi.Input<string>;
    privateSubnetIds: pulumi.Input<string[]>;
    /** Made with proxySecurityGroup, before the database. */
    securityGroup: aws.ec2.SecurityGroup;
    /** Who may reach the proxy on 5432 (the API). */
    clientSecurityGroupId: pulumi.Input<string>;
    /** The database's security group (the proxy may reach it on 5432). */
    databaseSecurityGroupId: pulumi.Input<string>;
    budget: ProxyBudget;
    /** Keep the credentials secret recoverable for 7 days after a destroy. */
    protect: boolean;
}

/**
 * RDS Proxy between the API and the database (`database.proxy: true`): TLS required from clients,
 * the database's credentials in its own Secrets Manager secret that only the proxy's role may
 * read, in the private subnets, reachable from the API only, reaching the database only. Its pool
 * may open `budget.maxConnectionsPercent` of max_connections (the rest stays for migrate, the ops
 * function and an operator, which go to the database directly).
 */
export class DatabaseProxy extends pulumi.ComponentResource {
    /** The proxy's endpoint: the API's DSN host. */
    public readonly endpoint: pulumi.Output<string>;
    /** What must exist before the API connects (the registered target). */
    public readonly ready: pulumi.Resource[];

    constructor(name: string, args: DatabaseProxyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:DatabaseProxy", name, {}, opts);
        // 1. The credentials, secret from the first moment.
        const secret = new aws.secretsmanager.Secret(`${name}-credentials`, {
            description: "Tesseral database credentials for RDS Proxy",
            recoveryWindowInDays: args.protect ? 7 : 0,
        }, { parent: this });
        const version = new aws.secretsmanager.SecretVersion(`${name}-credentials`, {
            secretId: secret.id,
            secretString: pulumi.secret(args.dsn.apply(proxyCredentials)),
        }, { parent: this });

        // 2. The role the proxy reads them with.
        const role = new aws.iam.Role(`${name}-role`, {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "rds.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            description: "Tesseral RDS Proxy: reads the database credentials",
        }, { parent: this });
        const policy = new aws.iam.RolePolicy(`${name}-policy`, {
            role: role.id,
            policy: secret.arn.apply((arn) => JSON.stringify(proxyRolePolicy(arn))),
        }, { parent: this });

        // 3. The network path: API → proxy → database, 5432 only.
        new aws.vpc.SecurityGroupIngressRule(`${name}-from-api`, {
            securityGroupId: args.securityGroup.id, referencedSecurityGroupId: args.clientSecurityGroupId,
            ipProtocol: "tcp", fromPort: 5432, toPort: 5432, description: "PostgreSQL from the API",
        }, { parent: this });
        new aws.vpc.SecurityGroupEgressRule(`${name}-to-database`, {
            securityGroupId: args.securityGroup.id, referencedSecurityGroupId: args.databaseSecurityGroupId,
            ipProtocol: "tcp", fromPort: 5432, toPort: 5432, description: "PostgreSQL to the database",
        }, { parent: this });

        // 4. The proxy, its pool and its target.
        const proxy = new aws.rds.Proxy(`${name}`, {
            engineFamily: "POSTGRESQL",
            requireTls: true,
            roleArn: role.arn,
            vpcSubnetIds: args.privateSubnetIds,
            vpcSecurityGroupIds: [args.securityGroup.id],
            idleClientTimeout: 1800,
            debugLogging: false,
            auths: [proxyAuth(secret.arn)],
        }, { parent: this, dependsOn: [policy, version] });
        const targets = new aws.rds.ProxyDefaultTargetGroup(`${name}-targets`, {
            dbProxyName: proxy.name,
            connectionPoolConfig: {
                maxConnectionsPercent: args.budget.maxConnectionsPercent,
                maxIdleConnectionsPercent: Math.min(50, args.budget.maxConnectionsPercent),
                connectionBorrowTimeout: PROXY_BORROW_TIMEOUT_SECONDS,
            },
        }, { parent: this });
        const target = new aws.rds.ProxyTarget(`${name}-target`, {
            dbProxyName: proxy.name,
            targetGroupName: targets.name,
            ...(args.engine === "rds" ? { dbInstanceIdentifier: args.databaseIdentifier } : { dbClusterIdentifier: args.databaseIdentifier }),
        }, { parent: this });

        this.endpoint = proxy.endpoint;
        this.ready = [target];
        this.registerOutputs({ endpoint: this.endpoint });
    }
}
