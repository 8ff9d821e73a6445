import * as pulumi from "@pulumi/pulumi";
import { scopeHash } from "../util/naming";
import * as aws from "@pulumi/aws";
import { Settings } from "../config/settings";
import { GoBinary } from "../build/go-binary";
import { ArtifactBucket } from "../publish/artifact-bucket";
import { S3File } from "../publish/s3-file";
import { webAdapterLayerArn } from "./adapter";
import { rollout } from "./rollout";

/** Lambda's runtime for the zip: an OS-only runtime that starts the zip's `bootstrap`. */
export const API_RUNTIME = "provided.al2023";
/** Conventional for OS-only runtimes (Lambda runs `bootstrap`; the handler is not used). */
export const API_HANDLER = "bootstrap";
export { LIVE_ALIAS } from "./rollout";

/**
 * A Lambda function name from the component's name, the stack and a hash of project/stack/name
 * (unique per account and region across projects): [A-Za-z0-9_-], at most 64 characters.
 */
export function apiFunctionName(name: string, stack: string, project: string): string {
    const suffix = `-${scopeHash(project, stack, name)}`;
    const raw = `${name}-${stack}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 64 - suffix.length);
    return `${raw}${suffix}`;
}

/** The content-addressed S3 key of the API zip. */
export function apiZipKey(zipSha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(zipSha256)) throw new Error(`apiZipKey: "${zipSha256}" is not a sha256 hex digest (was the API built with lambdaZip?)`);
    return `api/${zipSha256}.zip`;
}

/** How the function's code is packaged. */
export type ApiCode =
    | { kind: "zip"; s3Bucket: pulumi.Output<string>; s3Key: pulumi.Output<string>; sourceCodeHash: pulumi.Output<string>; ready: pulumi.Resource[] }
    | { kind: "image"; imageUri: pulumi.Output<string>; ready: pulumi.Resource[] };

/** Uploads the chain's zip (api + bootstrap) to a private artifact bucket under a content-addressed key. */
export function zipCode(name: string, parent: pulumi.Resource, apiBinary: GoBinary, region: string, shared?: ArtifactBucket): ApiCode {
    if (!apiBinary.zipPath) throw new Error(`${name}: the API binary was built without lambdaZip (no api + bootstrap zip)`);
    const artifacts = shared ?? new ArtifactBucket(`${name}-artifacts`, {}, { parent });
    const upload = new S3File(`${name}-code`, {
        file: apiBinary.zipPath,
        bucket: artifacts.bucketName,
        key: apiBinary.digests.apply((d) => apiZipKey(d.zipSha256 ?? "")),
        contentType: "application/zip",
        region,
        dependsOn: [...artifacts.ready, apiBinary.step],
    }, { parent });
    return {
        kind: "zip",
        s3Bucket: upload.bucket,
        s3Key: upload.key,
        sourceCodeHash: apiBinary.digests.apply((d) => {
            if (!d.zipBase64Sha256) throw new Error(`${name}: the API build reported no zip digest`);
            return d.zipBase64Sha256;
        }),
        ready: [upload.step],
    };
}

export interface ApiFunctionArgs {
    functionName: string;
    api: Settings["api"];
    region: string;
    code: ApiCode;
    roleArn: pulumi.Input<string>;
    logGroupName: pulumi.Input<string>;
    environment: pulumi.Input<Record<string, string>>;
    privateSubnetIds: pulumi.Input<string[]>;
    securityGroupId: pulumi.Input<string>;
    /** What must exist first (the role's policy: Lambda checks the ENI permissions on create). */
    dependsOn: pulumi.Resource[];
}

export interface ApiFunction {
    fn: aws.lambda.Function;
    /** What API Gateway invokes: the health-gated `live` alias. */
    invokeArn: pulumi.Output<string>;
    /** The qualifier of that target (the alias name), for the invoke permission. */
    qualifier: pulumi.Output<string>;
}

/** The function itself (zip on provided.al2023 with the Web Adapter layer, or an image), plus provisioned concurrency. */
export function apiFunction(name: string, parent: pulumi.Resource, args: ApiFunctionArgs): ApiFunction {
    const packageArgs: Partial<aws.lambda.FunctionArgs> = args.code.kind === "zip"
        ? {
            packageType: "Zip",
            runtime: API_RUNTIME,
            handler: API_HANDLER,
            s3Bucket: args.code.s3Bucket,
            s3Key: args.code.s3Key,
            sourceCodeHash: args.code.sourceCodeHash,
            layers: [webAdapterLayerArn(args.region, args.api.architecture, args.api.webAdapterLayerVersion)],
        }
        : { packageType: "Image", imageUri: args.code.imageUri };
    const fn = new aws.lambda.Function(`${name}-function`, {
        name: args.functionName,
        description: "Tesseral API (behind API Gateway and CloudFront)",
        role: args.roleArn,
        architectures: [args.api.architecture],
        memorySize: args.api.memoryMb,
        timeout: args.api.timeoutSeconds,
        ...packageArgs,
        environment: { variables: args.environment },
        vpcConfig: { subnetIds: args.privateSubnetIds, securityGroupIds: [args.securityGroupId] },
        loggingConfig: { logFormat: "Text", logGroup: args.logGroupName },
        // The connection budget: never more instances than the database has connections for.
        reservedConcurrentExecutions: args.api.reservedConcurrency,
        // Every deploy publishes a version; the old ones stay, so rolling back is moving the alias.
        publish: true,
    }, {
        parent,
        dependsOn: [...args.code.ready, ...args.dependsOn],
        // The name is fixed (the log group is named after it), so a replacement (zip <-> image) must delete first.
        deleteBeforeReplace: true,
    });
    // 4. The health-gated `live` alias: what API Gateway invokes.
    const { alias } = rollout(name, parent, {
        fn, region: args.region, rollbackTo: args.api.rollbackTo, provisionedConcurrency: args.api.provisionedConcurrency,
    });
    return { fn, invokeArn: alias.arn, qualifier: alias.name };
}
