/** Section 5 of the plan: the connection budget and the throughput it allows. */
import { connectionBudget, describeBudget, throughputPerSecond } from "../../components/config/capacity";
import { PlanResource } from "./resources";

/** Mean API latencies the throughput is shown at. */
export const LATENCIES_MS = [50, 200] as const;

export function renderCapacity(resources: PlanResource[]): string[] {
    const fn = resources.find((r) => r.type === "aws:lambda/function:Function" && r.inputs.reservedConcurrentExecutions !== undefined);
    const rds = resources.find((r) => r.type === "aws:rds/instance:Instance");
    const cluster = resources.find((r) => r.type === "aws:rds/cluster:Cluster");
    const concurrency = fn?.inputs.reservedConcurrentExecutions as number | undefined;
    if (concurrency === undefined) return ["No API function with a reserved concurrency in this plan."];
    const proxy = resources.some((r) => r.type === "aws:rds/proxy:Proxy");
    const scaling = cluster?.inputs.serverlessv2ScalingConfiguration as { minCapacity?: number; maxCapacity?: number } | undefined;
    const budget = rds
        ? connectionBudget({ engine: "rds", instanceClass: String(rds.inputs.instanceClass), minCapacity: 0, maxCapacity: 0, proxy })
        : connectionBudget({ engine: "aurora-serverless", instanceClass: "", minCapacity: scaling?.minCapacity ?? 0.5, maxCapacity: scaling?.maxCapacity ?? 4, proxy });
    const db = rds ? `RDS ${String(rds.inputs.instanceClass)}` : `Aurora Serverless v2 ${scaling?.minCapacity ?? "?"}-${scaling?.maxCapacity ?? "?"} ACU`;
    return [
        `Database: ${db}, max_connections ~${budget ? budget.maxConnections : "unknown (class not in the table)"}`,
        !budget ? "Budget: set by api.reservedConcurrency"
            : budget.proxy ? `Budget: ${describeBudget(budget)}`
                : `Budget: (${budget.maxConnections} - ${budget.reserved} kept free) / ${budget.poolSize} per instance = ${budget.maxConcurrency}`,
        `API reserved concurrency: ${concurrency}`,
        ...LATENCIES_MS.map((ms) => `Throughput at ${ms} ms mean latency: ${throughputPerSecond(concurrency, ms)} requests/s`),
    ];
}
