import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { logsOnlyPolicyDocument } from "./policy";
import { functionRole, logGroup } from "./role";
import { NODE_RUNTIME } from "../util/lambda-runtime";

/** The header CloudFront adds on every request to the API origin. */
export const ORIGIN_VERIFY_HEADER = "x-origin-verify";
/** The authorizer's identity source: a request without the header is refused before the authorizer runs. */
export const ORIGIN_VERIFY_IDENTITY_SOURCE = `$request.header.${ORIGIN_VERIFY_HEADER}`;
/** How long API Gateway caches an answer per header value. */
export const ORIGIN_VERIFY_CACHE_SECONDS = 300;

/** The handler's source file, shipped in this package. */
export function originVerifyHandlerPath(): string {
    return path.join(__dirname, "origin-verify", "index.js");
}

export interface OriginVerifyArgs {
    functionName: string;
    api: aws.apigatewayv2.Api;
    /** Secret: the value CloudFront sends in `x-origin-verify`. */
    secret: pulumi.Input<string>;
    logRetentionDays: number;
}

/**
 * A Lambda REQUEST authorizer (payload 2.0, simple responses, cached) that allows a request only
 * when `x-origin-verify` carries the edge's secret: a request straight to execute-api is refused.
 */
export function originVerifyAuthorizer(name: string, parent: pulumi.Resource, args: OriginVerifyArgs): aws.apigatewayv2.Authorizer {
    const logs = logGroup(`${name}-verify-logs`, parent, `/aws/lambda/${args.functionName}`, args.logRetentionDays);
    const { role, policy } = functionRole(`${name}-verify`, parent, "Tesseral API origin-verify authorizer: its own logs only",
        logs.arn.apply(logsOnlyPolicyDocument));
    const fn = new aws.lambda.Function(`${name}-verify`, {
        name: args.functionName,
        description: "Tesseral API: allows only requests carrying CloudFront's x-origin-verify header",
        runtime: NODE_RUNTIME,
        handler: "index.handler",
        architectures: ["arm64"],
        memorySize: 128,
        timeout: 3,
        role: role.arn,
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.FileAsset(originVerifyHandlerPath()) }),
        // Stored encrypted by Lambda and kept secret in Pulumi state.
        environment: { variables: { ORIGIN_VERIFY_SECRET: pulumi.secret(args.secret) } },
        loggingConfig: { logFormat: "Text", logGroup: logs.name },
    }, { parent, dependsOn: [policy], deleteBeforeReplace: true });
    const authorizer = new aws.apigatewayv2.Authorizer(`${name}-authorizer`, {
        apiId: args.api.id,
        name: "origin-verify",
        authorizerType: "REQUEST",
        authorizerUri: fn.invokeArn,
        authorizerPayloadFormatVersion: "2.0",
        enableSimpleResponses: true,
        identitySources: [ORIGIN_VERIFY_IDENTITY_SOURCE],
        authorizerResultTtlInSeconds: ORIGIN_VERIFY_CACHE_SECONDS,
    }, { parent });
    new aws.lambda.Permission(`${name}-verify-invoke`, {
        action: "lambda:InvokeFunction",
        function: fn.name,
        principal: "apigateway.amazonaws.com",
        sourceArn: pulumi.interpolate`${args.api.executionArn}/authorizers/${authorizer.id}`,
    }, { parent });
    return authorizer;
}
