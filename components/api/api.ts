import * as pulumi from "@pulumi/pulumi";
import { ArtifactBucket } from "../publish/artifact-bucket";
import * as aws from "@pulumi/aws";
import { Settings } from "../config/settings";
import { GoBinary } from "../build/go-binary";
import { KmsPurpose, KMS_PURPOSES } from "../data/keys";
import { alarms } from "./alarms";
import { adapterImageFor } from "./adapter";
import { functionEnvironment } from "./environment";
import { apiFunction, apiFunctionName, ApiCode, zipCode } from "./function";
import { endpointHost, httpApi, proxyRoute } from "./http-api";
import { imageCode } from "./image";
import { originVerifyAuthorizer } from "./origin-verify";
import { apiPolicyDocument } from "./policy";
import { functionRole, logGroup } from "./role";

export interface TesseralApiArgs {
    /** Validated settings (`settings.api` and the domains are read). */
    settings: Settings;
    /** The chain's API build (`chain.api`), built with `lambdaZip: true`. */
    apiBinary: GoBinary;
    /** Tesseral's source tree (`chain.source.tree.dir`): the build context of the `image` variant. */
    sourceDir: string;
    privateSubnetIds: pulumi.Input<string[]>;
    /** The API function's security group (`Network.apiSecurityGroup.id`). */
    securityGroupId: pulumi.Input<string>;
    keys: Record<KmsPurpose, aws.kms.Key>;
    /** The `ApiSecrets` secret: the API loads DSN, page-encoding value and optional secrets from it. */
    apiSecretArn: pulumi.Input<string>;
    /** The secret's current version id (a new value rolls the function). */
    apiSecretVersionId: pulumi.Input<string>;
    userContentBucketName: pulumi.Input<string>;
    userContentBucketArn: pulumi.Input<string>;
    /** The SES identities the API sends from (`Mail.identities[i].arn`). */
    sesIdentityArns: pulumi.Input<string>[];
    dogfoodProjectId: pulumi.Input<string>;
    /** Secret: the value CloudFront sends as `x-origin-verify`. */
    originVerifySecret: pulumi.Input<string>;
    region: string;
    accountId: pulumi.Input<string>;
    /** Where the zip is uploaded; by default the API makes its own artifact bucket. */
    artifacts?: ArtifactBucket;
    /** What the function must wait for before a new version goes live (migrate, the secret's value). */
    deployAfter?: pulumi.Resource[];
}

/**
 * Tesseral's API on Lambda behind an API Gateway HTTP API that only the edge can use.
 *
 * - Lambda: provided.al2023 (zip of `api` + the `bootstrap` wrapper, from S3) with the AWS Lambda
 *   Web Adapter layer, or (`api.packaging: image`) Tesseral's image plus the adapter, from ECR.
 *   Private subnets, plain settings in the environment, secrets only via `API_LOAD_AWS_SECRET_ID`.
 * - One role with exactly what Tesseral calls.
 * - HTTP API, `$default` stage and route, payload 2.0, access logs, throttling; a cached REQUEST
 *   authorizer refuses every request without CloudFront's `x-origin-verify` secret.
 * - Alarms on function errors and throttles and API 5xx, to an optional e-mail topic.
 *
 * @example
 * const api = new TesseralApi("auth-api", { settings, apiBinary: chain.api, ... });
 * // CloudFront origin: api.apiEndpointHost, with header x-origin-verify: <originVerifySecret>
 */
export class TesseralApi extends pulumi.ComponentResource {
    public readonly functionName: pulumi.Output<string>;
    public readonly functionArn: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;
    public readonly apiId: pulumi.Output<string>;
    /** The execute-api host name, without scheme: the CloudFront origin's domain name. */
    public readonly apiEndpointHost: pulumi.Output<string>;
    public readonly apiEndpoint: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;
    /** The SNS topic of `api.alarmEmail` (empty without it): where every alarm goes. */
    public readonly alarmActions: pulumi.Output<string>[];

    constructor(name: string, args: TesseralApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:TesseralApi", name, {}, opts);
        const api = args.settings.api;
        const fnName = apiFunctionName(name, pulumi.getStack(), pulumi.getProject());

        // 1. Logs and the role with exactly what Tesseral calls.
        const logs = logGroup(`${name}-logs`, this, `/aws/lambda/${fnName}`, api.logRetentionDays);
        const { role, policy } = functionRole(name, this, "Tesseral API: KMS, SES, user content, its secret, VPC and logs",
            this.policy(args, logs.arn));

        // 2. The code: the chain's zip in S3, or an image in ECR.
        const code: ApiCode = api.packaging === "image"
            ? imageCode(name, this, { sourceDir: args.sourceDir, apiBinary: args.apiBinary, architecture: api.architecture, adapterImage: adapterImageFor(api.webAdapterLayerVersion), protect: args.settings.protect })
            : zipCode(name, this, args.apiBinary, args.region, args.artifacts);

        // 3. The function, its environment, optional provisioned concurrency.
        const fn = apiFunction(name, this, {
            functionName: fnName, api, region: args.region, code, roleArn: role.arn, logGroupName: logs.name,
            environment: this.environment(args), privateSubnetIds: args.privateSubnetIds,
            securityGroupId: args.securityGroupId, dependsOn: [policy, logs, ...(args.deployAfter ?? [])],
        });

        // 4. The HTTP API, the origin-verify authorizer, the catch-all route.
        const http = httpApi(name, this, {
            functionName: fnName, logRetentionDays: api.logRetentionDays,
            throttleRateLimit: api.throttleRateLimit, throttleBurstLimit: api.throttleBurstLimit,
        });
        const authorizer = originVerifyAuthorizer(name, this, {
            functionName: `${fnName.slice(0, 57)}-verify`, api: http.api, secret: args.originVerifySecret,
            logRetentionDays: api.logRetentionDays,
        });
        proxyRoute(name, this, {
            api: http.api, targetArn: fn.invokeArn, functionName: fn.fn.name, qualifier: fn.qualifier, authorizerId: authorizer.id,
        });

        // 5. Alarms.
        this.alarmActions = alarms(name, this, { functionName: fnName, apiId: http.api.id, alarmEmail: api.alarmEmail });

        // 6. Outputs.
        this.functionName = fn.fn.name;
        this.functionArn = fn.fn.arn;
        this.roleArn = role.arn;
        this.apiId = http.api.id;
        this.apiEndpoint = http.api.apiEndpoint;
        this.apiEndpointHost = http.api.apiEndpoint.apply(endpointHost);
        this.logGroupName = logs.name;
        this.registerOutputs({
            functionName: this.functionName, functionArn: this.functionArn, roleArn: this.roleArn, apiId: this.apiId,
            apiEndpoint: this.apiEndpoint, apiEndpointHost: this.apiEndpointHost, logGroupName: this.logGroupName,
        });
    }

    /** The function's plain environment (API settings + adapter), from resolved inputs. */
    private environment(args: TesseralApiArgs): pulumi.Output<Record<string, string>> {
        const purposes = Object.keys(KMS_PURPOSES) as KmsPurpose[];
        return pulumi.all([
            pulumi.all(purposes.map((p) => args.keys[p].keyId)),
            args.dogfoodProjectId, args.userContentBucketName, args.apiSecretArn, args.apiSecretVersionId,
            pulumi.output(args.settings.secrets.sentryDsn),
        ]).apply(([keyIds, dogfoodProjectId, userContentBucketName, secretArn, secretVersionId, sentryDsn]) => functionEnvironment({
            consoleDomain: args.settings.consoleDomain,
            vaultDomain: args.settings.vaultDomain,
            authAppsRootDomain: args.settings.authAppsRootDomain,
            userContentDomain: args.settings.userContentDomain,
            dogfoodProjectId,
            kmsKeyIds: Object.fromEntries(purposes.map((p, i) => [p, keyIds[i]])) as Record<KmsPurpose, string>,
            userContentBucketName,
            region: args.region,
            secretArn,
            secretVersionId,
            sentryDsn,
            oauthRedirectUris: args.settings.defaultOAuthRedirectUris,
        }));
    }

    private policy(args: TesseralApiArgs, logGroupArn: pulumi.Output<string>) {
        const purposes = Object.keys(KMS_PURPOSES) as KmsPurpose[];
        return pulumi.all([
            pulumi.all(purposes.map((p) => args.keys[p].arn)), pulumi.all(args.sesIdentityArns),
            args.accountId, args.userContentBucketArn, args.apiSecretArn, logGroupArn,
        ]).apply(([kmsKeyArns, sesIdentityArns, accountId, userContentBucketArn, secretArn, logArn]) => apiPolicyDocument({
            kmsKeyArns, sesIdentityArns, region: args.region, accountId, userContentBucketArn, secretArn, logGroupArn: logArn,
        }));
    }
}
