import { expect } from "chai";
import { apiPolicyDocument, ApiPolicyInputs, logsOnlyPolicyDocument, PolicyDocument } from "../../components/api/policy";

const KEY_ARNS = Array.from({ length: 7 }, (_, i) => `arn:aws:kms:eu-west-1:123456789012:key/k${i}`);
const INPUTS: ApiPolicyInputs = {
    kmsKeyArns: KEY_ARNS,
    sesIdentityArns: [
        "arn:aws:ses:eu-west-1:123456789012:identity/mail.vault.console.auth.example.com",
        "arn:aws:ses:eu-west-1:123456789012:identity/mail.vaults.auth.example.com",
    ],
    region: "eu-west-1",
    accountId: "123456789012",
    userContentBucketArn: "arn:aws:s3:::user-content-bucket-123",
    secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev-tesseral-api-AbCdEf",
    logGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/tesseral-api-dev",
};

/** Every (action, resource) pair a policy allows; a condition is written after the pair. */
export function grants(doc: PolicyDocument): string[] {
    return doc.Statement.filter((s) => s.Effect === "Allow").flatMap((s) =>
        s.Action.flatMap((a) => s.Resource.map((r) => `${a} ${r}${s.Condition ? ` if ${JSON.stringify(s.Condition)}` : ""}`))).sort();
}

/** Every (action, resource) pair a policy denies. */
export function denials(doc: PolicyDocument): string[] {
    return doc.Statement.filter((s) => s.Effect === "Deny").flatMap((s) => s.Action.flatMap((a) => s.Resource.map((r) => `${a} ${r}`))).sort();
}

/** The intended set, written out by hand from tesseral-facts.md. */
export function intendedGrants(i: ApiPolicyInputs): string[] {
    const out: string[] = [];
    for (const k of i.kmsKeyArns) out.push(`kms:Encrypt ${k}`, `kms:Decrypt ${k}`);
    // SES authorizes a send against the recipient's identity too in the sandbox, and custom vault
    // domains send from their own mail.<domain>: any identity, as noreply@ only.
    out.push(`ses:SendEmail arn:aws:ses:${i.region}:${i.accountId}:identity/* if {"StringLike":{"ses:FromAddress":"noreply@*"}}`);
    // A 404 (not 403) for a project without a logo needs ListBucket.
    out.push(`s3:ListBucket ${i.userContentBucketArn}`);
    for (const a of ["CreateEmailIdentity", "PutEmailIdentityMailFromAttributes", "GetEmailIdentity", "DeleteEmailIdentity"]) {
        out.push(`ses:${a} arn:aws:ses:${i.region}:${i.accountId}:identity/*`);
    }
    out.push(`s3:GetObject ${i.userContentBucketArn}/vault-ui-settings-v1/*`, `s3:PutObject ${i.userContentBucketArn}/vault-ui-settings-v1/*`);
    out.push(`secretsmanager:GetSecretValue ${i.secretArn}`);
    out.push(`logs:CreateLogStream ${i.logGroupArn}:*`, `logs:PutLogEvents ${i.logGroupArn}:*`);
    for (const a of ["CreateNetworkInterface", "DescribeNetworkInterfaces", "DescribeSubnets", "DeleteNetworkInterface", "AssignPrivateIpAddresses", "UnassignPrivateIpAddresses"]) {
        out.push(`ec2:${a} *`);
    }
    return [...new Set(out)].sort();
}

describe("apiPolicyDocument", () => {
    it("grants exactly the intended (action, resource) set", async () => {
        expect(grants(apiPolicyDocument(INPUTS))).to.deep.equal(intendedGrants(INPUTS));
    });

    it("denies the API deleting the two SES identities the stack owns (custom domains' it may manage)", async () => {
        expect(denials(apiPolicyDocument(INPUTS))).to.deep.equal(INPUTS.sesIdentityArns.map((a) => `ses:DeleteEmailIdentity ${a}`).sort());
    });

    it("has no wildcard action, and '*' resources only for the VPC network interfaces", async () => {
        const doc = apiPolicyDocument(INPUTS);
        for (const s of doc.Statement) {
            for (const a of s.Action) expect(a, s.Sid).to.match(/^[a-z0-9]+:[A-Za-z]+$/);
            if (s.Resource.includes("*")) expect(s.Sid).to.equal("VpcNetworkInterfaces");
        }
        const wildcardResources = doc.Statement.flatMap((s) => s.Resource.filter((r) => r.includes("*")).map((r) => `${s.Sid} ${r}`)).sort();
        expect(wildcardResources).to.deep.equal([
            "OwnLogs arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/tesseral-api-dev:*",
            "SesManageCustomDomainIdentities arn:aws:ses:eu-west-1:123456789012:identity/*",
            "SesSend arn:aws:ses:eu-west-1:123456789012:identity/*",
            "UserContentObjects arn:aws:s3:::user-content-bucket-123/vault-ui-settings-v1/*",
            "VpcNetworkInterfaces *",
        ]);
    });

    it("lists a key shared by several purposes once", async () => {
        const shared = { ...INPUTS, kmsKeyArns: [KEY_ARNS[0], KEY_ARNS[0], KEY_ARNS[1]] };
        const kms = apiPolicyDocument(shared).Statement.find((s) => s.Sid === "KmsEncryptDecrypt");
        expect(kms?.Resource).to.deep.equal([KEY_ARNS[0], KEY_ARNS[1]]);
    });

    it("refuses empty inputs instead of writing a policy with holes", async () => {
        expect(() => apiPolicyDocument({ ...INPUTS, secretArn: "" })).to.throw(/secretArn/);
        expect(() => apiPolicyDocument({ ...INPUTS, sesIdentityArns: [] })).to.throw(/sesIdentityArns/);
        expect(() => apiPolicyDocument({ ...INPUTS, kmsKeyArns: [KEY_ARNS[0], ""] })).to.throw(/kmsKeyArns/);
    });

    it("gives the authorizer only its own logs", async () => {
        expect(grants(logsOnlyPolicyDocument("arn:aws:logs:r:1:log-group:/aws/lambda/v"))).to.deep.equal([
            "logs:CreateLogStream arn:aws:logs:r:1:log-group:/aws/lambda/v:*",
            "logs:PutLogEvents arn:aws:logs:r:1:log-group:/aws/lambda/v:*",
        ]);
    });
});
