import * as fs from "fs";
import { expect } from "chai";
import { PRICE_TABLE_PATH, loadPriceTable } from "../../scripts/plan";
import { CostEstimate, INSTANCE_HOUR_UNIT, MODEL_PRICES, PriceTable, estimateCost, price, rdsInstanceVcpus, renderCost } from "../../scripts/plan/cost";
import { PlanResource } from "../../scripts/plan/resources";
import { mockUrn, RecordedResource } from "../support/recorder";

/** A recorded resource as the recorder would make it. */
function res(type: string, name: string, inputs: Record<string, unknown> = {}, deps: Record<string, PlanResource[]> = {}): RecordedResource {
    return {
        type, name, urn: mockUrn("p", "s", "", type, name), parent: "", custom: true, dependencies: [],
        propertyDependencies: Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, v.map((r) => r.urn)])),
        options: { protect: false, retainOnDelete: false, ignoreChanges: [], additionalSecretOutputs: [], deleteBeforeReplace: false, replaceOnChanges: [], provider: "" },
        inputs,
    };
}

const table: PriceTable = loadPriceTable();
const p = (key: string) => table.prices[key].usd / table.prices[key].per;
const line = (e: CostEstimate, key: string) => [...e.idle, ...e.perMillion].filter((l) => l.priceKey === key);
const total = (e: CostEstimate, key: string) => line(e, key).reduce((s, l) => s + l.usd, 0);
const vpc = (strategy: string | undefined, azs?: number) => res("awsx:ec2:Vpc", "net", { natGateways: strategy ? { strategy } : undefined, numberOfAvailabilityZones: azs });

/** A minimal API: HTTP API -> arm64 or x86_64 function in a VPC, an authorizer function. */
function api(arch: string, memorySize = 1024): RecordedResource[] {
    const http = res("aws:apigatewayv2/api:Api", "http", { protocolType: "HTTP" });
    const fn = res("aws:lambda/function:Function", "fn", { architectures: [arch], memorySize, name: "fn", vpcConfig: { subnetIds: ["a"] } });
    const verify = res("aws:lambda/function:Function", "verify", { architectures: ["arm64"], memorySize: 128 });
    return [http, fn, verify,
        res("aws:apigatewayv2/integration:Integration", "integ", {}, { apiId: [http], integrationUri: [fn] }),
        res("aws:apigatewayv2/authorizer:Authorizer", "auth", {}, { apiId: [http], authorizerUri: [verify] })];
}

describe("plan: the price table", () => {
    it("dates every price 2026-11-27 and gives each a unit and an AWS pricing page", async () => {
        const raw = JSON.parse(fs.readFileSync(PRICE_TABLE_PATH, "utf8")) as PriceTable;
        expect(raw.date).to.equal("2026-11-27");
        expect(raw.currency).to.equal("USD");
        expect(Object.keys(raw.prices)).to.have.length.greaterThan(30);
        for (const [key, v] of Object.entries(raw.prices)) {
            expect(v.usd, key).to.be.a("number").and.greaterThan(0).and.lessThan(10);
            expect([1, 1000, 10000, 1000000], key).to.include(v.per);
            expect(v.unit, key).to.be.a("string").and.not.equal("");
            expect(v.source, key).to.match(/^https:\/\/aws\.amazon\.com\/[a-z0-9-]+\/(?:[a-z0-9-]+\/)*pricing\/(?:on-demand\/)?$/);
        }
    });

    it("has every price the model uses, in the unit the model computes in", async () => {
        for (const [key, unit] of Object.entries(MODEL_PRICES)) expect(price(table, key, unit).unit).to.equal(unit);
        for (const cls of ["db.t4g.micro", "db.t4g.small", "db.t4g.medium", "db.t3.micro", "db.m6g.large", "db.r6g.large"]) {
            expect(price(table, `rds.postgres.${cls}.hour`, INSTANCE_HOUR_UNIT).usd).to.be.greaterThan(0);
        }
        expect(price(table, "ec2.t4g.nano.hour", INSTANCE_HOUR_UNIT).usd).to.be.greaterThan(0);
        expect(p("lambda.x86_64.duration")).to.be.greaterThan(p("lambda.arm64.duration"));
    });

    it("refuses a price whose unit is not the one the model computes in", async () => {
        const changed: PriceTable = { ...table, prices: { ...table.prices, "kms.key": { ...table.prices["kms.key"], unit: "key-hour" } } };
        expect(() => estimateCost([res("aws:kms/key:Key", "k")], changed)).to.throw(/kms\.key is per key-hour, the model expects key-month/);
        expect(() => price(table, "no.such.price", "hour")).to.throw(/no price no\.such\.price/);
    });
});

describe("plan: the cost model", () => {
    it("prices NAT gateways by the awsx strategy: Single, one per AZ, none", async () => {
        expect(total(estimateCost([vpc("Single", 2)], table), "vpc.natGateway.hour")).to.be.closeTo(730 * p("vpc.natGateway.hour"), 1e-9);
        expect(total(estimateCost([vpc("OnePerAz", 3)], table), "vpc.natGateway.hour")).to.be.closeTo(3 * 730 * p("vpc.natGateway.hour"), 1e-9);
        expect(total(estimateCost([vpc(undefined)], table), "vpc.natGateway.hour"), "awsx default: one per AZ, 3 AZs").to.be.closeTo(3 * 730 * p("vpc.natGateway.hour"), 1e-9);
        const none = estimateCost([vpc("None", 2), ...api("arm64")], table);
        expect(line(none, "vpc.natGateway.hour")).to.deep.equal([]);
        expect(line(none, "vpc.natGateway.data")).to.deep.equal([]);
        expect(line(estimateCost([vpc("Single", 2), ...api("arm64")], table), "vpc.natGateway.data")).to.have.length(1);
    });

    it("prices a NAT instance: its hours, root volume and public IPv4", async () => {
        const e = estimateCost([res("aws:ec2/instance:Instance", "nat", { instanceType: "t4g.nano", associatePublicIpAddress: true, rootBlockDevice: { volumeSize: 8 } })], table);
        expect(e.idleTotal).to.be.closeTo(730 * p("ec2.t4g.nano.hour") + 8 * p("ebs.gp3.storage") + 730 * p("vpc.publicIpv4.hour"), 1e-9);
    });

    it("doubles an RDS instance and its storage for Multi-AZ, and names a class the table lacks instead of guessing", async () => {
        const single = estimateCost([res("aws:rds/instance:Instance", "db", { instanceClass: "db.t4g.micro", allocatedStorage: 20, multiAz: false })], table);
        const multi = estimateCost([res("aws:rds/instance:Instance", "db", { instanceClass: "db.t4g.micro", allocatedStorage: 20, multiAz: true })], table);
        expect(single.idleTotal).to.be.closeTo(730 * 0.016 + 20 * 0.115, 1e-9);
        expect(multi.idleTotal).to.be.closeTo(2 * single.idleTotal, 1e-9);
        const unknown = estimateCost([res("aws:rds/instance:Instance", "db", { instanceClass: "db.x9z.huge", allocatedStorage: 20 })], table);
        expect(unknown.missingPrices.join("\n")).to.match(/db\.x9z\.huge.*rds\.postgres\.db\.x9z\.huge\.hour/);
        expect(unknown.idle.map((l) => l.priceKey)).to.deep.equal(["rds.gp3.storage"]);
        expect(renderCost(unknown, table, "us-east-1").join("\n")).to.match(/No price in the table \(not in the totals\):\n {2}RDS instance class db\.x9z\.huge/);
    });

    it("prices Aurora Serverless v2 by minimum ACUs per instance; minCapacity 0 pauses and costs no ACUs", async () => {
        const aurora = (min: number, instances: number) => {
            const c = res("aws:rds/cluster:Cluster", "aurora", { serverlessv2ScalingConfiguration: { minCapacity: min, maxCapacity: 4 } });
            return [c, ...Array.from({ length: instances }, (_, i) => res("aws:rds/clusterInstance:ClusterInstance", `aurora-${i}`, { instanceClass: "db.serverless" }, { clusterIdentifier: [c] }))];
        };
        expect(total(estimateCost(aurora(0.5, 2), table), "aurora.serverlessV2.acu")).to.be.closeTo(2 * 0.5 * 730 * p("aurora.serverlessV2.acu"), 1e-9);
        const paused = estimateCost(aurora(0, 1), table);
        expect(line(paused, "aurora.serverlessV2.acu")).to.deep.equal([]);
        expect(paused.notes.join("\n")).to.match(/minCapacity 0.*pauses/);
        expect(line(paused, "aurora.io")).to.have.length(1);
    });

    it("prices RDS Proxy per vCPU of the instance (at least 2) or per ACU of Aurora (at least 8), only with a proxy", async () => {
        const rdsDb = (cls: string) => res("aws:rds/instance:Instance", "db", { instanceClass: cls, allocatedStorage: 20 });
        const proxy = res("aws:rds/proxy:Proxy", "proxy", { engineFamily: "POSTGRESQL" });
        expect(line(estimateCost([rdsDb("db.t4g.micro")], table), "rdsProxy.vcpu")).to.deep.equal([]);
        expect(total(estimateCost([rdsDb("db.t4g.micro"), proxy], table), "rdsProxy.vcpu")).to.be.closeTo(2 * 730 * p("rdsProxy.vcpu"), 1e-9);
        expect(total(estimateCost([rdsDb("db.r6g.2xlarge"), proxy], table), "rdsProxy.vcpu")).to.be.closeTo(8 * 730 * p("rdsProxy.vcpu"), 1e-9);
        const c = res("aws:rds/cluster:Cluster", "aurora", { serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 4 } });
        const i = res("aws:rds/clusterInstance:ClusterInstance", "aurora-0", { instanceClass: "db.serverless" }, { clusterIdentifier: [c] });
        expect(total(estimateCost([c, i, proxy], table), "rdsProxy.acu")).to.be.closeTo(8 * 730 * p("rdsProxy.acu"), 1e-9);
        const big = res("aws:rds/cluster:Cluster", "aurora", { serverlessv2ScalingConfiguration: { minCapacity: 16, maxCapacity: 32 } });
        const bigI = res("aws:rds/clusterInstance:ClusterInstance", "aurora-0", { instanceClass: "db.serverless" }, { clusterIdentifier: [big] });
        expect(total(estimateCost([big, bigI, proxy], table), "rdsProxy.acu")).to.be.closeTo(16 * 730 * p("rdsProxy.acu"), 1e-9);
        expect([rdsInstanceVcpus("db.t4g.micro"), rdsInstanceVcpus("db.t3.large"), rdsInstanceVcpus("db.m7g.large"), rdsInstanceVcpus("db.r6g.4xlarge"), rdsInstanceVcpus("db.x9.weird")])
            .to.deep.equal([2, 2, 2, 16, undefined]);
    });

    it("prices provisioned concurrency at the function's memory and architecture, all month", async () => {
        const pc = (arch: string) => {
            const [http, fn, ...rest] = api(arch, 2048);
            return estimateCost([http, fn, ...rest, res("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig", "pc", { functionName: "fn", provisionedConcurrentExecutions: 3 }, { functionName: [fn] })], table);
        };
        expect(total(pc("arm64"), "lambda.arm64.provisioned")).to.be.closeTo(3 * 2 * 730 * 3600 * p("lambda.arm64.provisioned"), 1e-6);
        expect(total(pc("x86_64"), "lambda.x86_64.provisioned")).to.be.closeTo(3 * 2 * 730 * 3600 * p("lambda.x86_64.provisioned"), 1e-6);
    });

    it("charges per request the functions behind API Gateway (x86_64 more than arm64), scaling with the request count", async () => {
        const arm = estimateCost(api("arm64"), table);
        const x86 = estimateCost(api("x86_64"), table);
        expect(line(arm, "lambda.requests").map((l) => l.item)).to.deep.equal(["Lambda requests (fn)", "Lambda requests (verify)"]);
        expect(x86.perMillionTotal).to.be.greaterThan(arm.perMillionTotal);
        expect(total(arm, "lambda.arm64.duration")).to.be.closeTo(700_000 * 0.05 * 1 * p("lambda.arm64.duration") + 700_000 * 0.005 * 0.125 * p("lambda.arm64.duration"), 1e-9);
        const twice = estimateCost(api("arm64"), table, { assumptions: { requests: 2_000_000 } });
        expect(twice.perMillionTotal).to.be.closeTo(2 * arm.perMillionTotal, 1e-9);
        expect(arm.idleTotal).to.equal(0);
    });

    it("counts KMS keys, secrets, alarms and a hosted zone at idle; totals are the sums of the lines", async () => {
        const e = estimateCost([
            ...["a", "b", "c"].map((k) => res("aws:kms/key:Key", k)),
            res("aws:secretsmanager/secret:Secret", "s"),
            res("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm"),
            res("aws:route53/record:Record", "r1", { zoneId: "Z1" }), res("aws:route53/record:Record", "r2", { zoneId: "Z1" }),
        ], table);
        expect(e.idleTotal).to.be.closeTo(3 * 1 + 0.4 + 0.1 + 0.5, 1e-9);
        expect(e.idleTotal).to.be.closeTo(e.idle.reduce((s, l) => s + l.usd, 0), 1e-12);
        expect(e.notes.join("\n")).to.match(/RSA 2048 keys.*outside KMS.s free tier/);
    });

    it("lists resource types it does not price instead of treating them as free", async () => {
        const e = estimateCost([res("aws:ecr/repository:Repository", "repo"), res("aws:iam/role:Role", "role"), res("random:index/randomPassword:RandomPassword", "pw")], table);
        expect(e.unmodelled).to.deep.equal([["aws:ecr/repository:Repository", 1]]);
        expect(renderCost(e, table, undefined).join("\n")).to.match(/does not price[^\n]*\n {2}1 × aws:ecr\/repository:Repository/);
    });

    it("says it is an estimate, with the table's date and the stack's other region", async () => {
        const text = renderCost(estimateCost([], table), table, "eu-west-1").join("\n");
        expect(text).to.match(/^ESTIMATE, not a quote: USD list prices for us-east-1 .* dated 2026-11-27\. This stack deploys to eu-west-1/);
    });
});
