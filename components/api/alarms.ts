import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

/** One alarm as data: what a reviewer reads, what the component creates. */
export interface AlarmSpec {
    key: string;
    namespace: string;
    metricName: string;
    dimensions: Record<string, pulumi.Input<string>>;
    description: string;
}

/** Function errors and throttles, and API 5xx answers. Pure. */
export function alarmSpecs(functionName: string, apiId: pulumi.Input<string>): AlarmSpec[] {
    return [
        { key: "errors", namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: functionName }, description: "Tesseral API function errors" },
        { key: "throttles", namespace: "AWS/Lambda", metricName: "Throttles", dimensions: { FunctionName: functionName }, description: "Tesseral API function throttled" },
        { key: "5xx", namespace: "AWS/ApiGateway", metricName: "5xx", dimensions: { ApiId: apiId, Stage: "$default" }, description: "Tesseral API answered 5xx" },
    ];
}

export interface AlarmsArgs {
    functionName: string;
    apiId: pulumi.Output<string>;
    /** When set: an SNS topic with this e-mail subscription receives every alarm. */
    alarmEmail: string | undefined;
}

/** CloudWatch alarms (any occurrence in 5 minutes), with an optional e-mail topic; returns the alarm actions. */
export function alarms(name: string, parent: pulumi.Resource, args: AlarmsArgs): pulumi.Output<string>[] {
    let actions: pulumi.Output<string>[] = [];
    if (args.alarmEmail) {
        const topic = new aws.sns.Topic(`${name}-alarms`, {}, { parent });
        new aws.sns.TopicSubscription(`${name}-alarms-email`, { topic: topic.arn, protocol: "email", endpoint: args.alarmEmail }, { parent });
        actions = [topic.arn];
    }
    alarmSpecs(args.functionName, args.apiId).map((spec) => new aws.cloudwatch.MetricAlarm(`${name}-alarm-${spec.key}`, {
        alarmDescription: spec.description,
        namespace: spec.namespace,
        metricName: spec.metricName,
        dimensions: spec.dimensions,
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: actions,
        okActions: actions,
    }, { parent }));
    return actions;
}
