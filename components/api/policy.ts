/** An IAM policy statement as this package writes them: explicit actions and resources, always lists. */
export interface PolicyStatement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Action: string[];
    Resource: string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

/** Where Tesseral keeps project logos in the user-content bucket (tesseral-facts.md). */
export const USER_CONTENT_PREFIX = "vault-ui-settings-v1/";

/** The SES v2 calls Tesseral makes to manage custom vault domains' sending identities. */
export const SES_IDENTITY_ACTIONS = [
    "ses:CreateEmailIdentity",
    "ses:DeleteEmailIdentity",
    "ses:GetEmailIdentity",
    "ses:PutEmailIdentityMailFromAttributes",
];

/** Lambda's own calls to attach the function to the VPC (the actions of AWSLambdaVPCAccessExecutionRole). */
export const VPC_ENI_ACTIONS = [
    "ec2:AssignPrivateIpAddresses",
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:UnassignPrivateIpAddresses",
];

/** Plain inputs of the API's policy (resolve Outputs first). */
export interface ApiPolicyInputs {
    /** ARNs of the seven KMS keys (duplicates allowed: purposes may share a key). */
    kmsKeyArns: string[];
    /** ARNs of the SES identities the API sends from (mail.<vault>, mail.<auth apps root>). */
    sesIdentityArns: string[];
    region: string;
    accountId: string;
    userContentBucketArn: string;
    secretArn: string;
    /** ARN of the function's own log group (without `:*`). */
    logGroupArn: string;
}

const uniqueSorted = (xs: string[]) => [...new Set(xs)].sort();

/**
 * The API's permissions: exactly what Tesseral calls (tesseral-facts.md) and what Lambda needs to
 * run it in the VPC and write its logs. No wildcard action. Pure.
 */
export function apiPolicyDocument(p: ApiPolicyInputs): PolicyDocument {
    for (const [k, v] of Object.entries(p)) {
        if (Array.isArray(v) ? v.length === 0 || v.some((x) => !x) : !v) throw new Error(`apiPolicyDocument: ${k} is empty`);
    }
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "KmsEncryptDecrypt", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt"], Resource: uniqueSorted(p.kmsKeyArns) },
            {
                // SES authorizes SendEmail against every identity involved: the sender's, and in the SES
                // sandbox (every new account) the recipient's too; a custom vault domain sends from
                // mail.<custom domain>. So any identity of the account and region, but only as Tesseral's
                // sender address (noreply@<the project's mail domain>).
                Sid: "SesSend",
                Effect: "Allow",
                Action: ["ses:SendEmail"],
                Resource: [`arn:aws:ses:${p.region}:${p.accountId}:identity/*`],
                Condition: { StringLike: { "ses:FromAddress": "noreply@*" } },
            },
            {
                // The two identities this stack owns stay the stack's: the API never deletes them.
                Sid: "KeepStackIdentities",
                Effect: "Deny",
                Action: ["ses:DeleteEmailIdentity"],
                Resource: uniqueSorted(p.sesIdentityArns),
            },
            {
                // Custom vault domains: Tesseral creates, reads and deletes an SES identity per domain a
                // customer brings. Those domains are not known when this is deployed, and SES has no
                // narrower ARN form than the account's identities in this region.
                Sid: "SesManageCustomDomainIdentities",
                Effect: "Allow",
                Action: [...SES_IDENTITY_ACTIONS],
                Resource: [`arn:aws:ses:${p.region}:${p.accountId}:identity/*`],
            },
            {
                // Tesseral HeadObjects a project's logo on every vault settings load and takes only a 404
                // as "no logo"; S3 answers 404 for a missing key only to a caller allowed to list the
                // bucket (403 otherwise, and the vault's login page fails).
                Sid: "UserContentList",
                Effect: "Allow",
                Action: ["s3:ListBucket"],
                Resource: [p.userContentBucketArn],
            },
            {
                Sid: "UserContentObjects",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject"],
                Resource: [`${p.userContentBucketArn}/${USER_CONTENT_PREFIX}*`],
            },
            { Sid: "ApiSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [p.secretArn] },
            { Sid: "OwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${p.logGroupArn}:*`] },
            {
                // The network interfaces Lambda creates in the private subnets. The Describe actions have no
                // resource-level permissions, and Lambda manages the interfaces on the function's behalf
                // before they exist, so these are granted on "*" (as AWSLambdaVPCAccessExecutionRole does).
                Sid: "VpcNetworkInterfaces",
                Effect: "Allow",
                Action: [...VPC_ENI_ACTIONS],
                Resource: ["*"],
            },
        ],
    };
}

/** A policy that lets one function write to its own log group, nothing else (the authorizer's). */
export function logsOnlyPolicyDocument(logGroupArn: string): PolicyDocument {
    if (!logGroupArn) throw new Error("logsOnlyPolicyDocument: logGroupArn is empty");
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "OwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${logGroupArn}:*`] }],
    };
}

/** Trust policy: only the Lambda service assumes the role. */
export function lambdaAssumeRolePolicy(): object {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
}
