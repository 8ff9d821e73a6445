import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";

/** Outputs AWS would compute, for the resources the program reads them from. Deterministic. */
export function awsOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const arn = (service: string, resource: string) => `arn:aws:${service}:us-west-2:123456789012:${resource}`;
    return { arn: arn("mock", `${type}/${name}`), ...specificOutputs(type, name, inputs, arn) };
}

function specificOutputs(type: string, name: string, inputs: Record<string, unknown>, arn: (service: string, resource: string) => string): Record<string, unknown> {
    // The edge's resources (distributions, certificates, functions) in the shape the CloudFront simulator reads.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: cloudfront-sim imports this module
    const edge = (require("./cloudfront-sim") as typeof import("./cloudfront-sim")).edgeMockOutputs(type, name, inputs);
    if (edge) return edge;
    switch (type) {
        case "aws:s3/bucket:Bucket":
            return { bucket: inputs.bucket ?? `${name}-0123abcd`, bucketRegionalDomainName: `${String(inputs.bucket ?? `${name}-0123abcd`)}.s3.us-west-2.amazonaws.com` };
        case "aws:apigatewayv2/api:Api":
            return { apiEndpoint: `https://${name}.execute-api.us-west-2.amazonaws.com`, executionArn: `arn:aws:execute-api:us-west-2:123456789012:${name}` };
        case "aws:lambda/function:Function": {
            const fnArn = arn("lambda", `function:${String(inputs.name ?? name)}`);
            return { arn: fnArn, name: inputs.name ?? name, invokeArn: `arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/${fnArn}/invocations`, qualifiedArn: `${fnArn}:1`, version: "1" };
        }
        case "awsx:ec2:Vpc":
            return {
                vpcId: "vpc-0a1b2c3d4e5f60718",
                privateSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
                publicSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
            };
        case "aws:kms/key:Key":
            return { keyId: `key-${name}`, arn: arn("kms", `key/key-${name}`) };
        case "aws:rds/instance:Instance":
            return { address: `${name}.abcdefghij.us-west-2.rds.amazonaws.com`, port: 5432, resourceId: `db-${name.toUpperCase()}`, arn: arn("rds", `db:${name}`), identifier: inputs.identifier ?? `${name}-0123abcd` };
        case "aws:rds/cluster:Cluster":
            return { endpoint: `${name}.cluster-abcdefghij.us-west-2.rds.amazonaws.com`, port: 5432, clusterResourceId: `cluster-${name.toUpperCase()}`, arn: arn("rds", `cluster:${name}`), clusterIdentifier: inputs.clusterIdentifier ?? `${name}-0123abcd` };
        case "aws:rds/proxy:Proxy":
            return { name: inputs.name ?? `${name}-0123abcd`, endpoint: `${name}.proxy-abcdefghij.us-west-2.rds.amazonaws.com` };
        case "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup":
            return { name: "default" };
        case "aws:ec2/securityGroup:SecurityGroup":
            return { arn: arn("ec2", `security-group/sg-${name}`) };
        case "aws:sesv2/emailIdentity:EmailIdentity":
            return { dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT", tokens: [1, 2, 3].map((i) => `dkim${i}${name.replace(/[^a-z0-9]/g, "")}`) } };
        case "aws:lambda/invocation:Invocation": {
            const input = JSON.parse(String(inputs.input ?? "{}")) as { action?: string };
            return {
                result: input.action === "bootstrap"
                    ? JSON.stringify({ action: "bootstrap", dogfoodProjectId: FAKE_BOOTSTRAP.projectId, bootstrapUserEmail: FAKE_BOOTSTRAP.email, bootstrapUserPassword: FAKE_BOOTSTRAP.password })
                    : JSON.stringify({ action: "migrate", version: "2" }),
            };
        }
        case "aws:secretsmanager/secretVersion:SecretVersion":
            // As Secrets Manager: a new value is a new version (here named after the value's hash).
            return { versionId: `v-${createHash("sha256").update(JSON.stringify(inputs.secretString ?? null)).digest("hex").slice(0, 12)}` };
        case "random:index/randomBytes:RandomBytes":
            return { hex: pulumi.secret("5e".repeat(32)) };
        case "random:index/randomPassword:RandomPassword":
            return { result: pulumi.secret(`mock-password-${name}`) };
        default:
            return {};
    }
}

/** What the mocked `aws.rds.getEngineVersion` answers for aurora-postgresql 16, latest. */
export const AURORA_ENGINE_VERSION = { version: "16.9", versionActual: "16.9", parameterGroupFamily: "aurora-postgresql16" };

/** What the static mocks pretend bootstrap printed. */
export const FAKE_BOOTSTRAP = {
    projectId: "project_0123456789abcdefghijklmno",
    email: "admin@example.com",
    password: "this_is_a_very_sensitive_password_0123456789abcdef0123456789abcdef",
};

/** Mocks for layers 1–2: AWS and commands mocked; command steps report empty output. */
export function staticMocks(overrides: (type: string, name: string, inputs: Record<string, unknown>) => Record<string, unknown> | undefined = () => undefined): pulumi.runtime.Mocks {
    return {
        newResource(args: pulumi.runtime.MockResourceArgs) {
            const state = {
                ...args.inputs,
                ...awsOutputs(args.type, args.name, args.inputs),
                ...(args.type === "command:local:Command" ? { stdout: commandStdout(args.name), stderr: "" } : {}),
                ...(overrides(args.type, args.name, args.inputs) ?? {}),
            };
            return { id: `${args.name}-id`, state };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
                return { accountId: "123456789012", arn: "arn:aws:sts::123456789012:assumed-role/Deployer/ci-session", userId: "AROAEXAMPLE:ci-session" };
            }
            if (args.token === "aws:iam/getSessionContext:getSessionContext") return { ...args.inputs, issuerArn: "arn:aws:iam::123456789012:role/Deployer" };
            if (args.token === "aws:index/getRegion:getRegion") return { name: "us-west-2", region: "us-west-2" };
            if (args.token === "aws:index/getPartition:getPartition") return { partition: "aws" };
            if (args.token === "aws:rds/getEngineVersion:getEngineVersion") return { ...args.inputs, ...AURORA_ENGINE_VERSION };
            if (args.token === "aws:ec2/getRouteTable:getRouteTable") return { ...args.inputs, routeTableId: `rtb-${String(args.inputs.subnetId).slice(7)}` };
            if (args.token === "aws:ssm/getParameter:getParameter") return { ...args.inputs, value: "ami-0123456789abcdef0", type: "String" };
            return args.inputs;
        },
    };
}

function commandStdout(name: string): string {
    if (name.endsWith("-bootstrap")) return `${FAKE_BOOTSTRAP.projectId}\t${FAKE_BOOTSTRAP.email}\t${FAKE_BOOTSTRAP.password}\n`;
    if (name.endsWith("-migrations")) return `${JSON.stringify({ fingerprint: "d".repeat(64), newest: 2 })}\n`;
    if (name.endsWith("-zip")) return JSON.stringify({ zipSha256: "c".repeat(64), zipBase64Sha256: "zMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMw=" });
    if (name === "tesseral-chain-api-build" || name === "tesseral-chain-openauthctl-build") {
        return JSON.stringify({ binarySha256: "a".repeat(64), zipSha256: "b".repeat(64), zipBase64Sha256: "u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7s=" });
    }
    return "";
}
