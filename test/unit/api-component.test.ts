import * as fs from "fs";
import { apiFunctionName } from "../../components/api/function";
import { PROJECT } from "../support/evaluate";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { TesseralApi } from "../../components/api/api";
import { webAdapterLayerArn } from "../../components/api/adapter";
import { functionEnvironment } from "../../components/api/environment";
import { PolicyDocument } from "../../components/api/policy";
import { GoBinary } from "../../components/build/go-binary";
import { BOOTSTRAP_WRAPPER, LAMBDA_ZIP_ENTRIES } from "../../components/build/lambda-bundle";
import { parseSettings } from "../../components/config/parse";
import { TesseralArgs } from "../../components/config/settings";
import { SourceTree } from "../../components/source/source";
import { KMS_PURPOSES, KmsPurpose } from "../../components/data/keys";
import { SECRET_ENV_NAMES } from "../../components/data/api-secrets";
import { evaluateComponent } from "../support/component";
import { staticMocks } from "../support/aws-mocks";
import { Recorder, RecordedResource } from "../support/recorder";
import { isSecret, nonSecretStrings, plain } from "../support/values";
import { grants, intendedGrants } from "./api-policy.test";
import { authorizerEvent, loadHandler } from "./api-origin-verify.test";

/** The API function's name: component name, stack and a hash of project/stack/name (unique per account across projects). */
const FN = apiFunctionName("tesseral-api", "dev", PROJECT);

export const ORIGIN_SECRET = "edge-proof-0123456789abcdef0123456789abcdef";
export const SECRET_ARN = "arn:aws:secretsmanager:us-west-2:123456789012:secret:dev-tesseral-api-AbCdEf";
export const BUCKET_ARN = "arn:aws:s3:::tesseral-user-content-123";
export const SES_ARNS = [
    "arn:aws:ses:us-west-2:123456789012:identity/mail.vault.console.auth.example.com",
    "arn:aws:ses:us-west-2:123456789012:identity/mail.vaults.auth.example.com",
];
export const API_ENDPOINT = "https://abc123def4.execute-api.us-west-2.amazonaws.com";
export const EXECUTION_ARN = "arn:aws:execute-api:us-west-2:123456789012:abc123def4";
export const IMAGE_DIGEST = `123456789012.dkr.ecr.us-west-2.amazonaws.com/tesseral-api-repo@sha256:${"c".repeat(64)}`;
export const PROJECT_ID = "project_0123456789abcdefghijklmno";

/** AWS outputs the component reads, on top of the static mocks. */
export function apiMocks(): pulumi.runtime.Mocks {
    return staticMocks((type, name, inputs) => {
        switch (type) {
            case "aws:apigatewayv2/api:Api": return { apiEndpoint: API_ENDPOINT, executionArn: EXECUTION_ARN };
            case "aws:cloudwatch/logGroup:LogGroup": return { arn: `arn:aws:logs:us-west-2:123456789012:log-group:${inputs.name}` };
            case "aws:iam/role:Role": return { arn: `arn:aws:iam::123456789012:role/${name}` };
            case "aws:lambda/function:Function": return {
                arn: `arn:aws:lambda:us-west-2:123456789012:function:${inputs.name}`,
                invokeArn: `arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:123456789012:function:${inputs.name}/invocations`,
                version: inputs.publish ? "3" : "$LATEST",
            };
            case "aws:lambda/alias:Alias": return { arn: `arn:aws:lambda:us-west-2:123456789012:function:${inputs.functionName}:${inputs.name}` };
            case "aws:ecr/repository:Repository": return { repositoryUrl: "123456789012.dkr.ecr.us-west-2.amazonaws.com/tesseral-api-repo", registryId: "123456789012", name: "tesseral-api-repo" };
            case "docker:index/image:Image": return { repoDigest: IMAGE_DIGEST };
            case "aws:s3/bucket:Bucket": return { bucket: `${name}-4f2a` };
            default: return undefined;
        }
    });
}

const SOURCE: SourceTree = {
    kind: "path", dir: "src/tesseral", prepare: "", environment: { TESSERAL_SOURCE: "src/tesseral" },
    fingerprints: { api: "f-api", openauthctl: "f-ctl", console: "f-console", vaultUi: "f-vault" },
};

export interface Built {
    rec: Recorder;
    component: RecordedResource;
    fn: RecordedResource;
    outDir: string;
}

/** Evaluates a TesseralApi (and what feeds it) under mocks with stack settings `extra`. */
export async function buildApi(extra: Partial<TesseralArgs> = {}): Promise<Built> {
    const settings = parseSettings({ domain: "auth.example.com", rootUserEmail: "admin@example.com", runner: "local", ...extra }, { fileExists: () => true });
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-api-out-"));
    const rec = await evaluateComponent(() => {
        const apiBinary = new GoBinary("tesseral-chain-api", {
            source: SOURCE, package: "./cmd/api", binaryName: "api", architecture: settings.api.architecture,
            outDir, fingerprint: "f-api", lambdaZip: true,
        });
        const keys = Object.fromEntries((Object.keys(KMS_PURPOSES) as KmsPurpose[]).map((p) => [p, new aws.kms.Key(`key-${p}`, {})])) as Record<KmsPurpose, aws.kms.Key>;
        new TesseralApi("tesseral-api", {
            settings, apiBinary, sourceDir: SOURCE.dir,
            privateSubnetIds: ["subnet-1", "subnet-2"], securityGroupId: "sg-api",
            keys, apiSecretArn: SECRET_ARN, apiSecretVersionId: "secret-version-1",
            userContentBucketName: "tesseral-user-content-123", userContentBucketArn: BUCKET_ARN,
            sesIdentityArns: SES_ARNS, dogfoodProjectId: PROJECT_ID,
            originVerifySecret: pulumi.secret(ORIGIN_SECRET), region: "us-west-2", accountId: "123456789012",
        });
    }, { mocks: apiMocks() });
    const component = rec.ofType("tesseral-aws:index:TesseralApi");
    expect(component).to.have.length(1);
    return { rec, component: component[0], fn: rec.named("tesseral-api-function"), outDir };
}

const env = (fn: RecordedResource) => plain((fn.inputs.environment as { variables: unknown }).variables) as Record<string, string>;

describe("TesseralApi (zip, under mocks)", () => {
    it("runs `api` through the bootstrap wrapper on provided.al2023 arm64", async () => {
        const { rec, fn } = await buildApi();
        expect(fn.inputs).to.include({ runtime: "provided.al2023", handler: "bootstrap", packageType: "Zip", name: `${FN}` });
        expect(fn.inputs.architectures).to.deep.equal(["arm64"]);
        // The zip the function runs is the chain's: built as `api`, with the wrapper as `bootstrap`.
        const build = rec.named("tesseral-chain-api-build");
        const script = build.inputs.create as string;
        expect((build.inputs.environment as Record<string, string>).TESSERAL_BINARY).to.equal("api");
        expect(script).to.include(`"api=$out/$TESSERAL_BINARY" "bootstrap=$out/bootstrap"`);
        expect([...LAMBDA_ZIP_ENTRIES]).to.deep.equal(["api", "bootstrap"]);
        expect(BOOTSTRAP_WRAPPER).to.match(/^exec \.\/api "\$@"$/m);
        expect((build.inputs.environment as Record<string, string>).GOARCH).to.equal("arm64");
    });

    it("loads its code from S3 under the zip's content address, after the upload", async () => {
        const { rec, fn } = await buildApi();
        expect(fn.inputs.s3Key).to.equal(`api/${"b".repeat(64)}.zip`);
        expect(fn.inputs.sourceCodeHash).to.equal("u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7s=");
        expect(fn.inputs).to.not.have.property("code");
        const upload = rec.named("tesseral-api-code-upload");
        expect(fn.dependencies).to.include(upload.urn);
        expect(fn.inputs.s3Bucket).to.equal("tesseral-api-artifacts-bucket-4f2a");
        expect(upload.inputs.triggers).to.deep.equal(["tesseral-api-artifacts-bucket-4f2a", `api/${"b".repeat(64)}.zip`]);
        const uploadEnv = upload.inputs.environment as Record<string, string>;
        expect(uploadEnv.TESSERAL_FILE).to.match(/\/lambda\.zip$/);
        expect(uploadEnv.TESSERAL_KEY).to.equal(fn.inputs.s3Key);
        expect(rec.ofType("docker:index/image:Image"), "zip needs no Docker").to.have.length(0);
        expect(rec.ofType("aws:ecr/repository:Repository")).to.have.length(0);
        expect(rec.resources.filter((r) => r.type.startsWith("docker:"))).to.have.length(0);
    });

    it("attaches the Web Adapter layer for the region and architecture, pinned and overridable", async () => {
        const arm = (await buildApi()).fn;
        expect(arm.inputs.layers).to.deep.equal(["arn:aws:lambda:us-west-2:753240598075:layer:LambdaAdapterLayerArm64:26"]);
        const x86 = (await buildApi({ api: { architecture: "x86_64", webAdapterLayerVersion: 27 } })).fn;
        expect(x86.inputs.layers).to.deep.equal(["arn:aws:lambda:us-west-2:753240598075:layer:LambdaAdapterLayerX86:27"]);
        expect(x86.inputs.architectures).to.deep.equal(["x86_64"]);
        expect(webAdapterLayerArn("eu-central-1", "arm64", 25)).to.equal("arn:aws:lambda:eu-central-1:753240598075:layer:LambdaAdapterLayerArm64:25");
    });

    it("sets every API setting from the stack, with the adapter's port and readiness path", async () => {
        const { fn } = await buildApi();
        const keyIds = Object.fromEntries((Object.keys(KMS_PURPOSES) as KmsPurpose[]).map((p) => [p, `key-key-${p}`])) as Record<KmsPurpose, string>;
        expect(env(fn)).to.deep.equal(functionEnvironment({
            consoleDomain: "console.auth.example.com", vaultDomain: "vault.console.auth.example.com",
            authAppsRootDomain: "vaults.auth.example.com", userContentDomain: "usercontent.auth.example.com",
            dogfoodProjectId: PROJECT_ID, kmsKeyIds: keyIds, userContentBucketName: "tesseral-user-content-123",
            region: "us-west-2", secretArn: SECRET_ARN, secretVersionId: "secret-version-1", oauthRedirectUris: {},
        }));
        expect(env(fn)).to.deep.include({
            API_SERVE_ADDR: ":8080", AWS_LWA_PORT: "8080", AWS_LWA_READINESS_CHECK_PATH: "/api/internal/health",
            API_SESSION_KMS_KEY_ID: "key-key-session", API_LOAD_AWS_SECRET_ID: SECRET_ARN,
            API_SES_SPF_MX_RECORD_VALUE: "feedback-smtp.us-west-2.amazonses.com",
            API_TESSERAL_DNS_VAULT_CNAME_VALUE: "vault.console.auth.example.com",
            API_USER_CONTENT_BASE_URL: "https://usercontent.auth.example.com",
        });
    });

    it("keeps every secret out of the function's environment and out of any plain recorded value", async () => {
        const { rec, fn } = await buildApi();
        for (const name of ["API_DB_DSN", "API_PAGE_ENCODING_VALUE", ...Object.values(SECRET_ENV_NAMES)]) {
            expect(env(fn), name).to.not.have.property(name);
        }
        for (const r of rec.resources) {
            for (const s of [...nonSecretStrings(r.inputs), ...nonSecretStrings(r.outputs ?? {})]) {
                expect(s.value, `${r.name} ${s.path}`).to.not.include(ORIGIN_SECRET);
            }
        }
        const verify = rec.named("tesseral-api-verify");
        const verifyVars = (verify.inputs.environment as { variables: Record<string, unknown> }).variables;
        expect(isSecret(verifyVars.ORIGIN_VERIFY_SECRET), "the authorizer's expected value is secret in state").to.equal(true);
        expect(plain(verifyVars.ORIGIN_VERIFY_SECRET)).to.equal(ORIGIN_SECRET);
    });

    it("runs in the private subnets with the API security group, logging to its own group", async () => {
        const { rec, fn } = await buildApi({ api: { logRetentionDays: 90 } });
        expect(fn.inputs.vpcConfig).to.deep.equal({ subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-api"] });
        expect(fn.inputs).to.include({ memorySize: 1024, timeout: 30, publish: true, reservedConcurrentExecutions: 35 });
        const logs = rec.named("tesseral-api-logs");
        expect(logs.inputs).to.include({ name: `/aws/lambda/${FN}`, retentionInDays: 90 });
        expect(fn.inputs.loggingConfig).to.deep.equal({ logFormat: "Text", logGroup: `/aws/lambda/${FN}` });
    });

    it("gives its role exactly the intended permissions, inline, nothing attached, before the function exists", async () => {
        const { rec, fn } = await buildApi();
        const role = rec.named("tesseral-api-role");
        expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement).to.deep.equal([
            { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
        ]);
        expect(fn.inputs.role).to.equal("arn:aws:iam::123456789012:role/tesseral-api-role");
        const policy = rec.named("tesseral-api-policy");
        expect(fn.dependencies).to.include(policy.urn);
        const doc = JSON.parse(policy.inputs.policy as string) as PolicyDocument;
        const keyArns = (Object.keys(KMS_PURPOSES) as KmsPurpose[]).map((p) => `arn:aws:kms:us-west-2:123456789012:key/key-key-${p}`);
        expect(grants(doc)).to.deep.equal(intendedGrants({
            kmsKeyArns: keyArns, sesIdentityArns: SES_ARNS, region: "us-west-2", accountId: "123456789012",
            userContentBucketArn: BUCKET_ARN, secretArn: SECRET_ARN,
            logGroupArn: `arn:aws:logs:us-west-2:123456789012:log-group:/aws/lambda/${FN}`,
        }));
        expect(rec.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).to.have.length(0);
    });

    it("serves through an HTTP API: $default stage and route, Lambda proxy 2.0, access logs, throttling", async () => {
        const { rec, fn } = await buildApi({ api: { throttleRateLimit: 50, throttleBurstLimit: 100 } });
        expect(rec.named("tesseral-api-http").inputs.protocolType).to.equal("HTTP");
        const stage = rec.named("tesseral-api-stage");
        expect(stage.inputs).to.include({ name: "$default", autoDeploy: true });
        expect(stage.inputs.defaultRouteSettings).to.deep.include({ throttlingRateLimit: 50, throttlingBurstLimit: 100 });
        const access = stage.inputs.accessLogSettings as { destinationArn: string; format: string };
        expect(access.destinationArn).to.equal(`arn:aws:logs:us-west-2:123456789012:log-group:/aws/apigateway/${FN}`);
        expect(JSON.parse(access.format)).to.include({ status: "$context.status", routeKey: "$context.routeKey" });
        const integration = rec.named("tesseral-api-integration");
        expect(integration.inputs).to.include({ integrationType: "AWS_PROXY", payloadFormatVersion: "2.0", integrationUri: `arn:aws:lambda:us-west-2:123456789012:function:${FN}:live` });
        const route = rec.named("tesseral-api-route");
        expect(route.inputs).to.include({ routeKey: "$default", target: "integrations/tesseral-api-integration-id", authorizationType: "CUSTOM", authorizerId: "tesseral-api-authorizer-id" });
        expect(rec.ofType("aws:apigatewayv2/route:Route"), "no route bypasses the authorizer").to.have.length(1);
        const invoke = rec.named("tesseral-api-invoke");
        expect(invoke.inputs).to.include({ action: "lambda:InvokeFunction", function: fn.inputs.name, principal: "apigateway.amazonaws.com", sourceArn: `${EXECUTION_ARN}/*` });
        expect(rec.named("tesseral-api-access-logs").inputs).to.include({ retentionInDays: 30 });
    });

    it("guards the API with a cached REQUEST authorizer whose shipped code refuses all but the edge", async () => {
        const { rec } = await buildApi();
        const authorizer = rec.named("tesseral-api-authorizer");
        expect(authorizer.inputs).to.include({ authorizerType: "REQUEST", authorizerPayloadFormatVersion: "2.0", enableSimpleResponses: true, authorizerResultTtlInSeconds: 300 });
        expect(authorizer.inputs.identitySources).to.deep.equal(["$request.header.x-origin-verify"]);
        const verify = rec.named("tesseral-api-verify");
        expect(verify.inputs).to.include({ runtime: "nodejs24.x", handler: "index.handler" });
        expect(authorizer.inputs.authorizerUri).to.match(new RegExp(`function:${FN}-verify/invocations$`));
        // Run the exact file the archive ships, with the value the function's environment holds.
        const archive = (verify.inputs.code as { archive: Record<string, { asset: string }> }).archive;
        expect(Object.keys(archive)).to.deep.equal(["index.js"]);
        const expected = plain((verify.inputs.environment as { variables: Record<string, unknown> }).variables.ORIGIN_VERIFY_SECRET) as string;
        const handler = loadHandler(expected, archive["index.js"].asset);
        expect(await handler(authorizerEvent({}))).to.deep.equal({ isAuthorized: false });
        expect(await handler(authorizerEvent({ "x-origin-verify": "guess" }))).to.deep.equal({ isAuthorized: false });
        expect(await handler(authorizerEvent({ "x-origin-verify": ORIGIN_SECRET }))).to.deep.equal({ isAuthorized: true });
        const permission = rec.named("tesseral-api-verify-invoke");
        expect(permission.inputs).to.include({ principal: "apigateway.amazonaws.com", sourceArn: `${EXECUTION_ARN}/authorizers/tesseral-api-authorizer-id` });
        const vpolicy = JSON.parse(rec.named("tesseral-api-verify-policy").inputs.policy as string) as PolicyDocument;
        expect(grants(vpolicy)).to.deep.equal([
            `logs:CreateLogStream arn:aws:logs:us-west-2:123456789012:log-group:/aws/lambda/${FN}-verify:*`,
            `logs:PutLogEvents arn:aws:logs:us-west-2:123456789012:log-group:/aws/lambda/${FN}-verify:*`,
        ]);
    });

    it("alarms on function errors and throttles and API 5xx; e-mails them only when alarmEmail is set", async () => {
        const quiet = await buildApi();
        const alarms = quiet.rec.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(alarms.map((a) => `${a.inputs.namespace} ${a.inputs.metricName}`).sort()).to.deep.equal(["AWS/ApiGateway 5xx", "AWS/Lambda Errors", "AWS/Lambda Throttles"]);
        expect(alarms.find((a) => a.inputs.metricName === "5xx")?.inputs.dimensions).to.deep.equal({ ApiId: "tesseral-api-http-id", Stage: "$default" });
        expect(alarms.find((a) => a.inputs.metricName === "Errors")?.inputs.dimensions).to.deep.equal({ FunctionName: `${FN}` });
        expect(quiet.rec.ofType("aws:sns/topic:Topic")).to.have.length(0);
        for (const a of alarms) expect(a.inputs.alarmActions ?? []).to.deep.equal([]);
        const loud = await buildApi({ api: { alarmEmail: "ops@example.com" } });
        const topic = loud.rec.ofType("aws:sns/topic:Topic");
        expect(topic).to.have.length(1);
        expect(loud.rec.named("tesseral-api-alarms-email").inputs).to.include({ protocol: "email", endpoint: "ops@example.com" });
        for (const a of loud.rec.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")) {
            expect(a.inputs.alarmActions, a.name).to.deep.equal(["arn:aws:mock:us-west-2:123456789012:aws:sns/topic:Topic/tesseral-api-alarms"]);
        }
    });

    it("adds provisioned concurrency on the `live` alias that API Gateway invokes, only when asked", async () => {
        const none = await buildApi();
        expect(none.rec.ofType("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig")).to.have.length(0);
        expect(none.rec.ofType("aws:lambda/alias:Alias"), "the alias exists without provisioned concurrency too").to.have.length(1);
        const { rec, fn } = await buildApi({ api: { provisionedConcurrency: 2 } });
        expect(fn.inputs.publish).to.equal(true);
        expect(rec.named("tesseral-api-live").inputs).to.include({ name: "live", functionName: `${FN}`, functionVersion: "3" });
        expect(rec.named("tesseral-api-provisioned").inputs).to.include({ functionName: `${FN}`, qualifier: "live", provisionedConcurrentExecutions: 2 });
        expect(rec.named("tesseral-api-integration").inputs.integrationUri).to.equal(`arn:aws:lambda:us-west-2:123456789012:function:${FN}:live`);
        expect(rec.named("tesseral-api-invoke").inputs.qualifier).to.equal("live");
    });

    it("names its children after itself, parents them to itself and registers its outputs", async () => {
        const { rec, component } = await buildApi();
        const children = rec.resources.filter((r) => r.parent === component.urn);
        expect(children.length).to.be.greaterThan(15);
        for (const c of children) expect(c.name, c.type).to.match(/^tesseral-api-/);
        const outputs = plain(component.outputs) as Record<string, unknown>;
        expect(outputs).to.deep.include({
            functionName: `${FN}`,
            functionArn: `arn:aws:lambda:us-west-2:123456789012:function:${FN}`,
            roleArn: "arn:aws:iam::123456789012:role/tesseral-api-role",
            apiId: "tesseral-api-http-id",
            apiEndpointHost: "abc123def4.execute-api.us-west-2.amazonaws.com",
        });
    });
});
