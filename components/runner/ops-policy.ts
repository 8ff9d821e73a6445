import { SnapshotPolicyArgs, snapshotPolicyStatements } from "../data/snapshots";

/** The ops function's own permissions (VPC networking comes from AWSLambdaVPCAccessExecutionRole). */
export function opsRolePolicy(arns: { secretArn: string; sessionKeyArn: string; logGroupArn: string; snapshots?: SnapshotPolicyArgs }): object {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "ReadDsn", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [arns.secretArn] },
            { Sid: "BootstrapEncrypts", Effect: "Allow", Action: ["kms:Encrypt"], Resource: [arns.sessionKeyArn] },
            { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${arns.logGroupArn}:*`] },
            // A snapshot before migrating an existing database: this database, this stack's snapshots.
            ...(arns.snapshots ? snapshotPolicyStatements(arns.snapshots) : []),
        ],
    };
}
