/** The CloudWatch dashboard's body as data: one JSON document, built by a pure function. */

export interface DashboardInputs {
    region: string;
    engine: "rds" | "aurora-serverless";
    databaseDimensions: Record<string, string>;
    maxConnections: number;
    reservedConcurrency: number;
    functionName: string;
    apiId: string;
    /** CloudFront distribution ids (metrics live in us-east-1, Region=Global). */
    distributionIds: string[];
}

type Metric = (string | Record<string, unknown>)[];
interface Widget { type: "metric"; x: number; y: number; width: number; height: number; properties: Record<string, unknown> }

function dims(d: Record<string, string>): string[] {
    return Object.entries(d).flatMap(([k, v]) => [k, v]);
}

/** The widgets' titles, in order: what the README lists. */
export const DASHBOARD_WIDGETS = [
    "Edge: requests", "Edge: 4xx and 5xx error rate (%)",
    "API Gateway: requests, 4xx, 5xx", "API Gateway: latency p50 / p99 (ms)",
    "Lambda: duration p50 / p99 (ms)", "Lambda: errors and throttles", "Lambda: concurrency against the budget",
    "Database: CPU (%)", "Database: connections against max_connections", "Database: free storage (RDS) or ACUs (Aurora)",
    "SES: sends, bounces, complaints", "SES: bounce and complaint rate",
] as const;

/** The dashboard body (CloudWatch dashboard body JSON). Pure and deterministic. */
export function dashboardBody(i: DashboardInputs): string {
    const db = dims(i.databaseDimensions);
    const fn = ["FunctionName", i.functionName];
    const api = ["ApiId", i.apiId, "Stage", "$default"];
    const edge = (metric: string): Metric[] => i.distributionIds.map((id) => ["AWS/CloudFront", metric, "DistributionId", id, "Region", "Global", { region: "us-east-1" }]);
    const panels: { metrics: Metric[]; stat?: string; annotations?: Record<string, unknown> }[] = [
        { metrics: edge("Requests"), stat: "Sum" },
        { metrics: [...edge("4xxErrorRate"), ...edge("5xxErrorRate")], stat: "Average" },
        { metrics: [["AWS/ApiGateway", "Count", ...api], ["AWS/ApiGateway", "4xx", ...api], ["AWS/ApiGateway", "5xx", ...api]], stat: "Sum" },
        { metrics: [["AWS/ApiGateway", "Latency", ...api, { stat: "p50" }], ["AWS/ApiGateway", "Latency", ...api, { stat: "p99" }]] },
        { metrics: [["AWS/Lambda", "Duration", ...fn, { stat: "p50" }], ["AWS/Lambda", "Duration", ...fn, { stat: "p99" }]] },
        { metrics: [["AWS/Lambda", "Errors", ...fn], ["AWS/Lambda", "Throttles", ...fn]], stat: "Sum" },
        {
            metrics: [["AWS/Lambda", "ConcurrentExecutions", ...fn]], stat: "Maximum",
            annotations: { horizontal: [{ label: "reserved concurrency (budget)", value: i.reservedConcurrency }] },
        },
        { metrics: [["AWS/RDS", "CPUUtilization", ...db]], stat: "Average" },
        {
            metrics: [["AWS/RDS", "DatabaseConnections", ...db]], stat: "Maximum",
            annotations: { horizontal: [{ label: "max_connections", value: i.maxConnections }, { label: "alarm (80%)", value: Math.floor(0.8 * i.maxConnections) }] },
        },
        i.engine === "rds"
            ? { metrics: [["AWS/RDS", "FreeStorageSpace", ...db]], stat: "Minimum" }
            : { metrics: [["AWS/RDS", "ServerlessDatabaseCapacity", ...db]], stat: "Maximum" },
        { metrics: [["AWS/SES", "Send"], ["AWS/SES", "Bounce"], ["AWS/SES", "Complaint"]], stat: "Sum" },
        {
            metrics: [["AWS/SES", "Reputation.BounceRate"], ["AWS/SES", "Reputation.ComplaintRate"]], stat: "Maximum",
            annotations: { horizontal: [{ label: "bounce review (5%)", value: 0.05 }, { label: "complaint review (0.1%)", value: 0.001 }] },
        },
    ];
    const widgets: Widget[] = panels.map((p, n) => ({
        type: "metric", x: (n % 2) * 12, y: Math.floor(n / 2) * 6, width: 12, height: 6,
        properties: {
            title: DASHBOARD_WIDGETS[n], view: "timeSeries", region: i.region, period: 300, metrics: p.metrics,
            ...(p.stat ? { stat: p.stat } : {}), ...(p.annotations ? { annotations: p.annotations } : {}),
        },
    }));
    return JSON.stringify({ widgets });
}

/** The console URL of a dashboard. */
export function dashboardUrl(region: string, dashboardName: string): string {
    return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${encodeURIComponent(dashboardName)}`;
}
