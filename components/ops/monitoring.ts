import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { connectionBudget, POOL_MAX_CONNS, RESERVED_CONNECTIONS } from "../config/capacity";
import { Settings } from "../config/settings";
import { opsAlarms } from "./alarms";
import { dashboardBody, dashboardUrl } from "./dashboard";

/** max_connections as the budget estimates it; for a class of unknown memory, what the configured concurrency implies. */
export function maxConnectionsOf(settings: Settings): number {
    const budget = connectionBudget(settings.database);
    if (budget) return budget.maxConnections;
    return settings.api.reservedConcurrency * POOL_MAX_CONNS + Object.values(RESERVED_CONNECTIONS).reduce((a, b) => a + b, 0);
}

/** A CloudWatch dashboard name: [A-Za-z0-9_-], at most 255 characters. */
export function dashboardName(name: string, stack: string): string {
    return `${name}-${stack}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 255);
}

export interface MonitoringArgs {
    settings: Settings;
    region: string;
    databaseDimensions: pulumi.Input<Record<string, string>>;
    functionName: pulumi.Input<string>;
    apiId: pulumi.Input<string>;
    distributionIds: pulumi.Input<string>[];
    /** The SNS topic of `api.alarmEmail` (empty without it). */
    alarmActions: pulumi.Input<string>[];
}

/** One dashboard per stack and the operational alarms (SES reputation, connections, storage, latency). */
export function monitoring(name: string, parent: pulumi.Resource, args: MonitoringArgs): { dashboardUrl: pulumi.Output<string> } {
    const s = args.settings;
    const maxConnections = maxConnectionsOf(s);
    const dbName = dashboardName(name, pulumi.getStack());
    const dashboard = new aws.cloudwatch.Dashboard(`${name}-dashboard`, {
        dashboardName: dbName,
        dashboardBody: pulumi.all([args.databaseDimensions, args.functionName, args.apiId, pulumi.all(args.distributionIds)])
            .apply(([databaseDimensions, functionName, apiId, distributionIds]) => dashboardBody({
                region: args.region, engine: s.database.engine, databaseDimensions, maxConnections,
                reservedConcurrency: s.api.reservedConcurrency, functionName, apiId, distributionIds,
            })),
    }, { parent });
    opsAlarms(name, parent, {
        engine: s.database.engine,
        actions: args.alarmActions,
        inputs: pulumi.all([args.databaseDimensions, args.apiId]).apply(([databaseDimensions, apiId]) => ({
            engine: s.database.engine, databaseDimensions, maxConnections, storageGb: s.database.storageGb,
            apiId, timeoutSeconds: s.api.timeoutSeconds,
        })),
    });
    return { dashboardUrl: dashboard.dashboardName.apply((n) => dashboardUrl(args.region, n)) };
}
