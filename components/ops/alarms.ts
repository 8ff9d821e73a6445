import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

/** What the operational alarms watch. */
export interface OpsAlarmInputs {
    engine: "rds" | "aurora-serverless";
    /** DBInstanceIdentifier (RDS) or DBClusterIdentifier (Aurora). */
    databaseDimensions: Record<string, string>;
    /** The database's max_connections (the connection budget's estimate). */
    maxConnections: number;
    /** RDS storage in GiB (free storage alarm). */
    storageGb: number;
    apiId: string;
    timeoutSeconds: number;
}

/** One alarm as data: the README lists exactly these, with threshold and why. */
export interface OpsAlarmSpec {
    key: string;
    namespace: string;
    metricName: string;
    dimensions: Record<string, string>;
    statistic?: "Maximum" | "Minimum" | "Sum" | "Average";
    extendedStatistic?: string;
    comparisonOperator: "GreaterThanThreshold" | "LessThanThreshold";
    threshold: number;
    period: number;
    description: string;
}

/** SES puts an account under review at a 5% bounce rate and a 0.1% complaint rate (fractions in the metric). */
export const SES_BOUNCE_RATE = 0.05;
export const SES_COMPLAINT_RATE = 0.001;

/** The alarms added to the API's (function errors, throttles > 0 in 5 minutes, API 5xx). Pure. */
export function opsAlarmSpecs(i: OpsAlarmInputs): OpsAlarmSpec[] {
    const specs: OpsAlarmSpec[] = [
        {
            key: "ses-bounce-rate", namespace: "AWS/SES", metricName: "Reputation.BounceRate", dimensions: {}, statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold", threshold: SES_BOUNCE_RATE, period: 900,
            description: "SES bounce rate above 5%: AWS reviews the account at 5% and may pause sending (no login e-mails)",
        },
        {
            key: "ses-complaint-rate", namespace: "AWS/SES", metricName: "Reputation.ComplaintRate", dimensions: {}, statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold", threshold: SES_COMPLAINT_RATE, period: 900,
            description: "SES complaint rate above 0.1%: AWS reviews the account at 0.1% and may pause sending",
        },
        {
            key: "db-connections", namespace: "AWS/RDS", metricName: "DatabaseConnections", dimensions: i.databaseDimensions, statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold", threshold: Math.floor(0.8 * i.maxConnections), period: 300,
            description: `Database connections above 80% of max_connections (${i.maxConnections}): the budget is nearly spent`,
        },
        {
            key: "api-latency-p99", namespace: "AWS/ApiGateway", metricName: "Latency", dimensions: { ApiId: i.apiId, Stage: "$default" },
            extendedStatistic: "p99", comparisonOperator: "GreaterThanThreshold", threshold: (i.timeoutSeconds * 1000) / 2, period: 300,
            description: `API p99 latency above half the function timeout (${i.timeoutSeconds} s): requests are close to timing out`,
        },
    ];
    if (i.engine === "rds") {
        specs.push({
            key: "db-free-storage", namespace: "AWS/RDS", metricName: "FreeStorageSpace", dimensions: i.databaseDimensions, statistic: "Minimum",
            comparisonOperator: "LessThanThreshold", threshold: Math.floor(0.1 * i.storageGb * 1024 ** 3), period: 300,
            description: `Free storage below 10% of ${i.storageGb} GiB: PostgreSQL stops when the disk is full`,
        });
    }
    return specs;
}

export interface OpsAlarmsArgs {
    inputs: pulumi.Input<OpsAlarmInputs>;
    engine: "rds" | "aurora-serverless";
    /** The SNS topic of `api.alarmEmail` (empty: alarms without actions). */
    actions: pulumi.Input<string>[];
}

/** Creates the alarms of `opsAlarmSpecs`. The set of alarms depends only on the engine (known at preview). */
export function opsAlarms(name: string, parent: pulumi.Resource, args: OpsAlarmsArgs): aws.cloudwatch.MetricAlarm[] {
    const specs = pulumi.output(args.inputs).apply(opsAlarmSpecs);
    const keys = opsAlarmSpecs({ engine: args.engine, databaseDimensions: {}, maxConnections: 0, storageGb: 0, apiId: "", timeoutSeconds: 1 }).map((s) => s.key);
    return keys.map((key) => {
        const spec = specs.apply((all) => all.find((s) => s.key === key) as OpsAlarmSpec);
        return new aws.cloudwatch.MetricAlarm(`${name}-alarm-${key}`, {
            alarmDescription: spec.description,
            namespace: spec.namespace,
            metricName: spec.metricName,
            dimensions: spec.dimensions,
            statistic: spec.statistic,
            extendedStatistic: spec.extendedStatistic,
            period: spec.period,
            evaluationPeriods: 1,
            threshold: spec.threshold,
            comparisonOperator: spec.comparisonOperator,
            treatMissingData: "notBreaching",
            alarmActions: args.actions,
            okActions: args.actions,
        }, { parent });
    });
}
