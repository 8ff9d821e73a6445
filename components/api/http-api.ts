import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { logGroup } from "./role";

/** The access log line: one JSON object per request (no headers, so no secret header is logged). */
export const ACCESS_LOG_FORMAT = JSON.stringify({
    requestId: "$context.requestId",
    ip: "$context.identity.sourceIp",
    requestTime: "$context.requestTime",
    httpMethod: "$context.httpMethod",
    path: "$context.path",
    routeKey: "$context.routeKey",
    status: "$context.status",
    protocol: "$context.protocol",
    responseLength: "$context.responseLength",
    integrationLatency: "$context.integrationLatency",
    integrationError: "$context.integrationErrorMessage",
    authorizerError: "$context.authorizer.error",
});

/** The execute-api host name of an HTTP API endpoint (`https://abc.execute-api.r.amazonaws.com` -> host). */
export function endpointHost(apiEndpoint: string): string {
    const host = apiEndpoint.replace(/^[a-z]+:\/\//, "").replace(/\/.*$/, "");
    if (!host) throw new Error(`endpointHost: "${apiEndpoint}" has no host`);
    return host;
}

export interface HttpApiArgs {
    functionName: string;
    logRetentionDays: number;
    throttleRateLimit: number;
    throttleBurstLimit: number;
}

export interface HttpApi {
    api: aws.apigatewayv2.Api;
    stage: aws.apigatewayv2.Stage;
}

/**
 * An HTTP API with the `$default` stage (no stage prefix: paths reach Tesseral unchanged),
 * auto-deployed, with access logs and throttling.
 */
export function httpApi(name: string, parent: pulumi.Resource, args: HttpApiArgs): HttpApi {
    const api = new aws.apigatewayv2.Api(`${name}-http`, {
        protocolType: "HTTP",
        description: "Tesseral API origin; only CloudFront (x-origin-verify) gets through",
    }, { parent });
    const accessLogs = logGroup(`${name}-access-logs`, parent, `/aws/apigateway/${args.functionName}`, args.logRetentionDays);
    const stage = new aws.apigatewayv2.Stage(`${name}-stage`, {
        apiId: api.id,
        name: "$default",
        autoDeploy: true,
        accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
        defaultRouteSettings: {
            throttlingRateLimit: args.throttleRateLimit,
            throttlingBurstLimit: args.throttleBurstLimit,
        },
    }, { parent });
    return { api, stage };
}

export interface ProxyRouteArgs {
    api: aws.apigatewayv2.Api;
    /** The function (or alias) ARN API Gateway invokes. */
    targetArn: pulumi.Output<string>;
    functionName: pulumi.Input<string>;
    qualifier: pulumi.Input<string> | undefined;
    authorizerId: pulumi.Input<string>;
}

/** The catch-all `$default` route to a Lambda proxy integration (payload 2.0), behind the authorizer. */
export function proxyRoute(name: string, parent: pulumi.Resource, args: ProxyRouteArgs): aws.apigatewayv2.Route {
    const integration = new aws.apigatewayv2.Integration(`${name}-integration`, {
        apiId: args.api.id,
        integrationType: "AWS_PROXY",
        integrationMethod: "POST",
        integrationUri: args.targetArn,
        payloadFormatVersion: "2.0",
    }, { parent });
    new aws.lambda.Permission(`${name}-invoke`, {
        action: "lambda:InvokeFunction",
        function: args.functionName,
        qualifier: args.qualifier,
        principal: "apigateway.amazonaws.com",
        // Any stage and route of this API only.
        sourceArn: pulumi.interpolate`${args.api.executionArn}/*`,
    }, { parent });
    return new aws.apigatewayv2.Route(`${name}-route`, {
        apiId: args.api.id,
        routeKey: "$default",
        target: pulumi.interpolate`integrations/${integration.id}`,
        authorizationType: "CUSTOM",
        authorizerId: args.authorizerId,
    }, { parent });
}
