import { expect } from "chai";
import { renderCapacity } from "../../scripts/plan/capacity";
import { PlanResource } from "../../scripts/plan/resources";
import { mockUrn, RecordedResource } from "../support/recorder";

function res(type: string, name: string, inputs: Record<string, unknown> = {}): RecordedResource {
    return {
        type, name, urn: mockUrn("p", "s", "", type, name), parent: "", custom: true, dependencies: [], propertyDependencies: {},
        options: { protect: false, retainOnDelete: false, ignoreChanges: [], additionalSecretOutputs: [], deleteBeforeReplace: false, replaceOnChanges: [], provider: "" },
        inputs,
    };
}

describe("plan: the capacity section", () => {
    const fn = (n: number) => res("aws:lambda/function:Function", "api", { reservedConcurrentExecutions: n });
    const db = res("aws:rds/instance:Instance", "db", { instanceClass: "db.t4g.micro" });

    it("without a proxy: (max_connections - kept free) / 2 per instance", async () => {
        const lines = renderCapacity([db, fn(35)] as PlanResource[]);
        expect(lines).to.include("Budget: (84 - 14 kept free) / 2 per instance = 35");
    });

    it("with RDS Proxy: the proxy's pool, one connection per instance", async () => {
        const lines = renderCapacity([db, fn(69), res("aws:rds/proxy:Proxy", "proxy")] as PlanResource[]);
        expect(lines).to.include("Budget: RDS Proxy pool 69 (83% of max_connections 84, 14 kept free) / 1 per instance = 69");
        expect(lines).to.include("Throughput at 50 ms mean latency: 1380 requests/s");
    });
});
