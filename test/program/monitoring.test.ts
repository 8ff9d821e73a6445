import { expect } from "chai";
import { devConfig, evaluateProgram, Evaluation } from "../support/evaluate";
import { plain } from "../support/values";
import { DASHBOARD_WIDGETS, dashboardBody } from "../../components/ops/dashboard";
import { opsAlarmSpecs } from "../../components/ops/alarms";

interface Body { widgets: { properties: { title: string; metrics: unknown[][]; annotations?: { horizontal: { value: number }[] } } }[] }

function alarm(ev: Evaluation, key: string) {
    return ev.recorder.resources.find((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.name.endsWith(`-alarm-${key}`));
}

for (const [engine, database, maxConnections, dbDimension, capacityMetric] of [
    ["rds", {}, 84, "DBInstanceIdentifier", "FreeStorageSpace"],
    ["aurora-serverless", { engine: "aurora-serverless" }, 756, "DBClusterIdentifier", "ServerlessDatabaseCapacity"],
] as const) {
    describe(`dashboard and alarms, ${engine} (layer 2)`, () => {
        let ev: Evaluation;
        before(async () => {
            ev = await evaluateProgram({ config: devConfig({ database, api: { alarmEmail: "oncall@example.com" } }) });
        });

        it("makes one dashboard with every widget and outputs its URL", async () => {
            const dashboards = ev.recorder.ofType("aws:cloudwatch/dashboard:Dashboard");
            expect(dashboards).to.have.length(1);
            const body = JSON.parse(plain(dashboards[0].inputs.dashboardBody) as string) as Body;
            expect(body.widgets.map((w) => w.properties.title)).to.deep.equal([...DASHBOARD_WIDGETS]);
            const flat = JSON.stringify(body);
            expect(flat).to.contain(dbDimension).and.contain(capacityMetric).and.contain("Reputation.BounceRate").and.contain("\"p99\"");
            const connections = body.widgets.find((w) => w.properties.title.startsWith("Database: connections"));
            expect(connections?.properties.annotations?.horizontal[0].value).to.equal(maxConnections);
            const concurrency = body.widgets.find((w) => w.properties.title.includes("concurrency"));
            expect(concurrency?.properties.annotations?.horizontal[0].value).to.equal(engine === "rds" ? 35 : 371);
            expect(plain(ev.stackOutputs.dashboardUrl)).to.match(/^https:\/\/us-west-2\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-west-2#dashboards\/dashboard\/tesseral-ops-monitoring-/);
        });

        it("alarms on SES reputation at AWS's review thresholds, to the alarm topic", async () => {
            const bounce = alarm(ev, "ses-bounce-rate");
            expect(bounce?.inputs).to.include({ namespace: "AWS/SES", metricName: "Reputation.BounceRate", threshold: 0.05, comparisonOperator: "GreaterThanThreshold" });
            expect(alarm(ev, "ses-complaint-rate")?.inputs).to.include({ metricName: "Reputation.ComplaintRate", threshold: 0.001 });
            expect((bounce?.inputs.alarmActions as string[])[0]).to.match(/sns/);
        });

        it("alarms on connections above 80% of max_connections and p99 latency above half the timeout", async () => {
            const conn = alarm(ev, "db-connections");
            expect(conn?.inputs).to.include({ metricName: "DatabaseConnections", threshold: Math.floor(0.8 * maxConnections) });
            // The identifier is only known after create (absent under mocks): the dimension comes from the database itself.
            const db = ev.recorder.ofType(engine === "rds" ? "aws:rds/instance:Instance" : "aws:rds/cluster:Cluster");
            expect(conn?.propertyDependencies.dimensions).to.include(db[0].urn);
            expect(alarm(ev, "api-latency-p99")?.inputs).to.include({ namespace: "AWS/ApiGateway", metricName: "Latency", extendedStatistic: "p99", threshold: 15000 });
            expect(alarm(ev, "throttles")?.inputs).to.include({ metricName: "Throttles", threshold: 0, period: 300 });
        });

        it(engine === "rds" ? "alarms on free storage below 10%" : "has no free-storage alarm (Aurora storage grows by itself)", async () => {
            const storage = alarm(ev, "db-free-storage");
            if (engine === "rds") expect(storage?.inputs).to.include({ metricName: "FreeStorageSpace", comparisonOperator: "LessThanThreshold", threshold: Math.floor(0.1 * 20 * 1024 ** 3) });
            else expect(storage).to.equal(undefined);
        });
    });
}

describe("dashboard and alarm specs (pure)", () => {
    it("the body is deterministic", async () => {
        const i = { region: "eu-west-1", engine: "rds" as const, databaseDimensions: { DBInstanceIdentifier: "db" }, maxConnections: 84, reservedConcurrency: 35, functionName: "f", apiId: "a", distributionIds: ["E1"] };
        expect(dashboardBody(i)).to.equal(dashboardBody({ ...i }));
        expect(JSON.parse(dashboardBody(i)).widgets[0].properties.metrics[0]).to.deep.equal(["AWS/CloudFront", "Requests", "DistributionId", "E1", "Region", "Global", { region: "us-east-1" }]);
    });
    it("latency threshold follows the timeout", async () => {
        const specs = opsAlarmSpecs({ engine: "aurora-serverless", databaseDimensions: {}, maxConnections: 100, storageGb: 0, apiId: "a", timeoutSeconds: 10 });
        expect(specs.find((s) => s.key === "api-latency-p99")?.threshold).to.equal(5000);
    });
});
