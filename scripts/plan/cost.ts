/**
 * Section (d): an estimated monthly cost at idle and per million requests, from the recorded
 * resources and a committed price table (pricing/aws-us-east-1.json). Every figure names the
 * price it used; resource types it cannot price are listed, never silently counted as free.
 */
import { plain } from "../../test/support/values";
import { PlanResource, byUrn, compare, dependenciesOf, lambdaTargets, num, ofType } from "./resources";

export interface Price {
    usd: number;
    /** `usd` is for this many `unit`s (1, 1000, 10000, 1000000). */
    per: number;
    unit: string;
    /** The AWS pricing page the price comes from. */
    source: string;
    note?: string;
}

export interface PriceTable {
    region: string;
    currency: string;
    /** When the prices were taken from the sources. */
    date: string;
    basis: string;
    prices: Record<string, Price>;
}

/** What the per-request figures assume; printed with the estimate. */
export interface Assumptions {
    /** Viewer requests the "per million" figures are for. */
    requests: number;
    /** Share of viewer requests that reach the API (vault /api/*, api., config.). */
    apiShare: number;
    /** Share of the other (static) requests that miss CloudFront's cache and reach S3. */
    staticMissRatio: number;
    /** Average response size at the edge, KB. */
    responseKb: number;
    /** Average billed duration of the API function per request, ms. */
    apiDurationMs: number;
    /** Average billed duration of any other function invoked per API request (the authorizer), ms. */
    authorizerDurationMs: number;
    /** KMS calls per API request (session signing and decryption). */
    kmsPerApiRequest: number;
    /** KB per API request through the NAT (calls to KMS, SES, Secrets Manager from the VPC). */
    natKbPerApiRequest: number;
    /** KB of CloudWatch logs per API request (function and access logs). */
    logKbPerApiRequest: number;
    /** Aurora I/O operations per API request. */
    auroraIoPerApiRequest: number;
    /** Aurora storage in use at idle, GB. */
    auroraStorageGb: number;
    /** S3 storage per bucket (SPA bundles, Lambda zips, logos), GB. */
    s3GbPerBucket: number;
    hoursPerMonth: number;
}

export const DEFAULT_ASSUMPTIONS: Assumptions = {
    requests: 1_000_000,
    apiShare: 0.7,
    staticMissRatio: 0.1,
    responseKb: 10,
    apiDurationMs: 50,
    authorizerDurationMs: 5,
    kmsPerApiRequest: 1,
    natKbPerApiRequest: 2,
    logKbPerApiRequest: 1,
    auroraIoPerApiRequest: 10,
    auroraStorageGb: 1,
    s3GbPerBucket: 0.1,
    hoursPerMonth: 730,
};

export interface CostLine {
    item: string;
    /** Amount in the price's unit. */
    quantity: number;
    unit: string;
    priceKey: string;
    usd: number;
}

export interface CostEstimate {
    date: string;
    region: string;
    idle: CostLine[];
    perMillion: CostLine[];
    idleTotal: number;
    perMillionTotal: number;
    /** Things the table has no price for (e.g. an instance class); not in the totals. */
    missingPrices: string[];
    /** Recorded resource types the model neither prices nor knows to be free, with counts. */
    unmodelled: [string, number][];
    notes: string[];
    assumptions: Assumptions;
}

/** Types whose cost is modelled here (some per request only). */
const PRICED = new Set([
    "awsx:ec2:Vpc", "aws:ec2/natGateway:NatGateway", "aws:ec2/instance:Instance", "aws:ec2/eip:Eip",
    "aws:rds/instance:Instance", "aws:rds/cluster:Cluster", "aws:rds/clusterInstance:ClusterInstance", "aws:rds/proxy:Proxy",
    "aws:kms/key:Key", "aws:secretsmanager/secret:Secret", "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:cloudwatch/logGroup:LogGroup", "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2",
    "aws:lambda/function:Function", "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
    "aws:apigatewayv2/api:Api", "aws:cloudfront/distribution:Distribution", "aws:cloudfront/function:Function",
    "aws:route53/record:Record", "aws:route53/zone:Zone", "aws:sesv2/emailIdentity:EmailIdentity",
]);

/** Types that cost nothing by themselves (configuration, permissions, wiring). */
const FREE = new Set([
    "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/policy:Policy",
    "aws:ec2/securityGroup:SecurityGroup", "aws:ec2/securityGroupRule:SecurityGroupRule", "aws:ec2/route:Route",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:rds/subnetGroup:SubnetGroup", "aws:rds/parameterGroup:ParameterGroup", "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup", "aws:rds/proxyTarget:ProxyTarget",
    "aws:kms/alias:Alias", "aws:kms/keyPolicy:KeyPolicy",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration",
    "aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucketObjectv2:BucketObjectv2",
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy", "aws:cloudfront/originAccessControl:OriginAccessControl",
    "aws:cloudfront/cachePolicy:CachePolicy", "aws:cloudfront/originRequestPolicy:OriginRequestPolicy",
    "aws:acm/certificate:Certificate", "aws:acm/certificateValidation:CertificateValidation",
    "aws:lambda/permission:Permission", "aws:lambda/alias:Alias", "aws:lambda/invocation:Invocation",
    "aws:apigatewayv2/stage:Stage", "aws:apigatewayv2/route:Route", "aws:apigatewayv2/integration:Integration",
    "aws:apigatewayv2/authorizer:Authorizer", "aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes",
    "aws:secretsmanager/secretVersion:SecretVersion", "aws:sns/topic:Topic", "aws:sns/topicSubscription:TopicSubscription",
]);

/** How the model treats a type: priced, free, or not modelled (listed for the reader). */
export function costRole(type: string, custom: boolean): "priced" | "free" | "unmodelled" {
    if (!custom || type.startsWith("pulumi:")) return "free";
    if (PRICED.has(type)) return "priced";
    if (FREE.has(type) || type.startsWith("random:") || type.startsWith("command:")) return "free";
    return "unmodelled";
}

/** A price from the table, checked against the unit the model computes in (a changed unit fails loudly). */
export function price(table: PriceTable, key: string, unit: string): Price {
    const p = table.prices[key];
    if (!p) throw new Error(`price table ${table.date}: no price ${key}`);
    if (p.unit !== unit) throw new Error(`price table ${table.date}: ${key} is per ${p.unit}, the model expects ${unit}`);
    return p;
}

/** Every price key the model may use, with the unit it expects. */
export const MODEL_PRICES: Record<string, string> = {
    "vpc.natGateway.hour": "NAT gateway-hour",
    "vpc.natGateway.data": "GB processed",
    "vpc.publicIpv4.hour": "public IPv4 address-hour",
    "ebs.gp3.storage": "GB-month",
    "rds.gp3.storage": "GB-month",
    "aurora.serverlessV2.acu": "ACU-hour",
    "aurora.storage": "GB-month",
    "aurora.io": "I/O request",
    "rdsProxy.vcpu": "vCPU-hour",
    "rdsProxy.acu": "ACU-hour",
    "kms.key": "key-month",
    "kms.requests": "RSA 2048 request",
    "secretsManager.secret": "secret-month",
    "lambda.requests": "request",
    "lambda.arm64.duration": "GB-second",
    "lambda.x86_64.duration": "GB-second",
    "lambda.arm64.provisioned": "GB-second",
    "lambda.x86_64.provisioned": "GB-second",
    "apiGateway.http.requests": "request",
    "cloudfront.https.requests": "HTTPS request",
    "cloudfront.dataOut": "GB",
    "cloudfront.functions": "invocation",
    "s3.standard.storage": "GB-month",
    "s3.get": "GET request",
    "route53.hostedZone": "hosted zone-month",
    "cloudwatch.alarm": "standard-resolution alarm-month",
    "cloudwatch.logs.ingestion": "GB ingested",
};
/** RDS Proxy bills at least this many vCPUs (instances) or ACUs (Aurora Serverless v2). */
export const RDS_PROXY_MINIMUM = { vcpus: 2, acus: 8 } as const;

/** vCPUs of an RDS instance class (t: 2 up to large; otherwise 2 per large step), or undefined. Pure. */
export function rdsInstanceVcpus(instanceClass: string): number | undefined {
    const m = /^db\.([a-z0-9]+)\.([0-9]*)(micro|small|medium|large|xlarge)$/.exec(instanceClass);
    if (!m) return undefined;
    const [, family, times, size] = m;
    if (["micro", "small", "medium"].includes(size)) return times === "" ? 2 : undefined;
    const n = times === "" ? 1 : Number(times);
    const vcpus = size === "large" ? 2 : 4 * n;
    return family.startsWith("t") ? Math.min(vcpus, 8) : vcpus;
}

/** Per-class prices: `rds.postgres.<instance class>.hour` and `ec2.<instance type>.hour`, per instance-hour. */
export const INSTANCE_HOUR_UNIT = "instance-hour";

const GB_PER_KB = 1 / (1024 * 1024);

/** Lambda memory in GB and architecture, with Lambda's defaults (128 MB, x86_64). */
function lambdaShape(fn: PlanResource): { gb: number; arch: "arm64" | "x86_64"; memoryMb: number } {
    const memoryMb = num(fn.inputs.memorySize) ?? 128;
    const archs = plain(fn.inputs.architectures);
    const arch = Array.isArray(archs) && archs[0] === "arm64" ? "arm64" : "x86_64";
    return { gb: memoryMb / 1024, arch, memoryMb };
}

export function estimateCost(resources: PlanResource[], table: PriceTable, opts: { assumptions?: Partial<Assumptions> } = {}): CostEstimate {
    const a: Assumptions = { ...DEFAULT_ASSUMPTIONS, ...opts.assumptions };
    const index = byUrn(resources);
    const idle: CostLine[] = [];
    const perMillion: CostLine[] = [];
    const missingPrices: string[] = [];
    const notes: string[] = [];
    const H = a.hoursPerMonth;
    const charge = (into: CostLine[], item: string, key: string, quantity: number, unit = MODEL_PRICES[key]) => {
        if (quantity <= 0) return;
        const p = price(table, key, unit);
        into.push({ item, quantity, unit: p.unit, priceKey: key, usd: (quantity / p.per) * p.usd });
    };
    const has = (key: string) => table.prices[key] !== undefined;

    // Network: NAT gateways (awsx strategy or explicit), NAT instances, public IPv4 addresses.
    let natGateways = 0;
    for (const vpc of ofType(resources, "awsx:ec2:Vpc")) {
        const i = plain(vpc.inputs) as { natGateways?: { strategy?: string }; numberOfAvailabilityZones?: unknown };
        const azs = num(i.numberOfAvailabilityZones) ?? 3; // awsx's default
        const strategy = i.natGateways?.strategy ?? "OnePerAz"; // awsx's default
        const n = strategy === "None" ? 0 : strategy === "Single" ? 1 : azs;
        natGateways += n;
        if (n > 0) {
            charge(idle, `NAT gateway ×${n} (${vpc.name}, ${strategy})`, "vpc.natGateway.hour", n * H);
            charge(idle, `NAT gateway public IPv4 ×${n}`, "vpc.publicIpv4.hour", n * H);
        }
    }
    const explicitNat = ofType(resources, "aws:ec2/natGateway:NatGateway");
    if (explicitNat.length) {
        natGateways += explicitNat.length;
        charge(idle, `NAT gateway ×${explicitNat.length}`, "vpc.natGateway.hour", explicitNat.length * H);
    }
    for (const vm of ofType(resources, "aws:ec2/instance:Instance")) {
        const type = String(plain(vm.inputs.instanceType));
        const key = `ec2.${type}.hour`;
        if (has(key)) charge(idle, `EC2 ${type} (${vm.name})`, key, H, INSTANCE_HOUR_UNIT);
        else missingPrices.push(`EC2 instance type ${type} (${vm.name}): add ${key} to the price table`);
        const root = plain(vm.inputs.rootBlockDevice) as { volumeSize?: unknown } | undefined;
        charge(idle, `EBS gp3 root volume (${vm.name})`, "ebs.gp3.storage", num(root?.volumeSize) ?? 8);
        if (plain(vm.inputs.associatePublicIpAddress) === true) charge(idle, `public IPv4 (${vm.name})`, "vpc.publicIpv4.hour", H);
    }
    const eips = ofType(resources, "aws:ec2/eip:Eip");
    if (eips.length) charge(idle, `Elastic IP ×${eips.length}`, "vpc.publicIpv4.hour", eips.length * H);

    // Database: RDS instance hours and gp3 storage; Aurora Serverless v2 minimum ACUs and storage.
    for (const db of ofType(resources, "aws:rds/instance:Instance")) {
        const cls = String(plain(db.inputs.instanceClass));
        const copies = plain(db.inputs.multiAz) === true ? 2 : 1;
        const az = copies === 2 ? "Multi-AZ" : "single-AZ";
        const key = `rds.postgres.${cls}.hour`;
        if (has(key)) charge(idle, `RDS PostgreSQL ${cls} ${az} (${db.name})`, key, copies * H, INSTANCE_HOUR_UNIT);
        else missingPrices.push(`RDS instance class ${cls} (${db.name}): add ${key} to the price table`);
        charge(idle, `RDS gp3 storage ${num(db.inputs.allocatedStorage) ?? 20} GB ${az}`, "rds.gp3.storage", copies * (num(db.inputs.allocatedStorage) ?? 20));
    }
    const clusters = ofType(resources, "aws:rds/cluster:Cluster");
    for (const c of clusters) {
        const scaling = plain(c.inputs.serverlessv2ScalingConfiguration) as { minCapacity?: unknown } | undefined;
        const min = num(scaling?.minCapacity) ?? 0;
        const instances = ofType(resources, "aws:rds/clusterInstance:ClusterInstance")
            .filter((i) => (i.propertyDependencies.clusterIdentifier ?? []).includes(c.urn));
        const serverless = instances.filter((i) => plain(i.inputs.instanceClass) === "db.serverless");
        for (const i of instances.filter((x) => !serverless.includes(x))) {
            missingPrices.push(`Aurora provisioned instance ${String(plain(i.inputs.instanceClass))} (${i.name}) is not modelled`);
        }
        if (min === 0) notes.push(`${c.name}: minCapacity 0, so the cluster pauses when idle and its ACUs cost nothing then (the first request after a pause waits for it to resume).`);
        charge(idle, `Aurora Serverless v2 ${serverless.length} instance(s) × ${min} ACU minimum (${c.name})`, "aurora.serverlessV2.acu", serverless.length * min * H);
        charge(idle, `Aurora storage (${a.auroraStorageGb} GB assumed)`, "aurora.storage", a.auroraStorageGb);
    }

    // RDS Proxy: per vCPU of the instance, or per ACU of Aurora Serverless v2, each with a minimum.
    if (ofType(resources, "aws:rds/proxy:Proxy").length) {
        for (const db of ofType(resources, "aws:rds/instance:Instance")) {
            const cls = String(plain(db.inputs.instanceClass));
            const vcpus = rdsInstanceVcpus(cls);
            if (vcpus === undefined) { missingPrices.push(`RDS Proxy for ${cls} (${db.name}): its vCPUs are not known`); continue; }
            const billed = Math.max(vcpus, RDS_PROXY_MINIMUM.vcpus);
            charge(idle, `RDS Proxy, ${billed} vCPU${billed > vcpus ? ` (the minimum; ${cls} has ${vcpus})` : ""} (${db.name})`, "rdsProxy.vcpu", billed * H);
        }
        for (const c of clusters) {
            const scaling = plain(c.inputs.serverlessv2ScalingConfiguration) as { minCapacity?: unknown } | undefined;
            const instances = ofType(resources, "aws:rds/clusterInstance:ClusterInstance").filter((i) => (i.propertyDependencies.clusterIdentifier ?? []).includes(c.urn));
            const acus = Math.max(RDS_PROXY_MINIMUM.acus, instances.length * (num(scaling?.minCapacity) ?? 0));
            charge(idle, `RDS Proxy, ${acus} ACU (at least ${RDS_PROXY_MINIMUM.acus}; more while the cluster scales up) (${c.name})`, "rdsProxy.acu", acus * H);
        }
    }

    // Keys, secrets, alarms, buckets, hosted zones.
    const keys = ofType(resources, "aws:kms/key:Key");
    charge(idle, `KMS keys ×${keys.length}`, "kms.key", keys.length);
    if (keys.length) notes.push("KMS: RSA 2048 keys (Tesseral encrypts with RSAES_OAEP_SHA_256); their requests are outside KMS's free tier.");
    const secrets = ofType(resources, "aws:secretsmanager/secret:Secret");
    charge(idle, `Secrets Manager secrets ×${secrets.length}`, "secretsManager.secret", secrets.length);
    const alarms = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm");
    charge(idle, `CloudWatch alarms ×${alarms.length}`, "cloudwatch.alarm", alarms.length);
    const buckets = [...ofType(resources, "aws:s3/bucket:Bucket"), ...ofType(resources, "aws:s3/bucketV2:BucketV2")];
    charge(idle, `S3 Standard storage, ${buckets.length} buckets × ${a.s3GbPerBucket} GB assumed`, "s3.standard.storage", buckets.length * a.s3GbPerBucket);
    const zones = new Set([
        ...ofType(resources, "aws:route53/record:Record").map((r) => `existing zone ${String(plain(r.inputs.zoneId))}`),
        ...ofType(resources, "aws:route53/zone:Zone").map((z) => z.name),
    ]);
    for (const z of [...zones].sort(compare)) charge(idle, `Route 53 hosted zone (${z})`, "route53.hostedZone", 1);

    // Provisioned concurrency: charged all month while configured.
    const functions = ofType(resources, "aws:lambda/function:Function");
    for (const pc of ofType(resources, "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig")) {
        const fnName = String(plain(pc.inputs.functionName));
        const fn = functions.find((f) => plain(f.inputs.name) === fnName || f.name === fnName) ?? dependenciesOf(pc, "functionName", index)[0];
        const n = num(pc.inputs.provisionedConcurrentExecutions) ?? 0;
        if (!fn) { missingPrices.push(`provisioned concurrency ${pc.name}: its function ${fnName} was not recorded`); continue; }
        const { gb, arch, memoryMb } = lambdaShape(fn);
        charge(idle, `Lambda provisioned concurrency ${n} × ${memoryMb} MB ${arch} (${fn.name})`, `lambda.${arch}.provisioned`, n * gb * H * 3600);
        if (n > 0) notes.push(`${fn.name}: requests served by provisioned concurrency pay a lower duration price than the on-demand one used below (an over-estimate).`);
    }

    // Per million viewer requests.
    const R = a.requests;
    const apiRequests = R * a.apiShare;
    const staticRequests = R - apiRequests;
    if (ofType(resources, "aws:cloudfront/distribution:Distribution").length) {
        charge(perMillion, "CloudFront HTTPS requests", "cloudfront.https.requests", R);
        charge(perMillion, `CloudFront data out (${a.responseKb} KB a response)`, "cloudfront.dataOut", R * a.responseKb * GB_PER_KB);
        if (ofType(resources, "aws:cloudfront/function:Function").length) {
            charge(perMillion, "CloudFront Functions (one per request, an upper bound)", "cloudfront.functions", R);
        }
        if (buckets.length) charge(perMillion, `S3 GETs on cache misses (${a.staticMissRatio * 100}% of static requests)`, "s3.get", staticRequests * a.staticMissRatio);
    }
    const httpApis = ofType(resources, "aws:apigatewayv2/api:Api").filter((x) => String(plain(x.inputs.protocolType) ?? "HTTP") === "HTTP");
    if (httpApis.length) charge(perMillion, `API Gateway HTTP API (${a.apiShare * 100}% of requests reach the API)`, "apiGateway.http.requests", apiRequests);
    const integrated = new Set(ofType(resources, "aws:apigatewayv2/integration:Integration").flatMap((i) => lambdaTargets(i, "integrationUri", index)));
    const authorizers = new Set(ofType(resources, "aws:apigatewayv2/authorizer:Authorizer").flatMap((i) => lambdaTargets(i, "authorizerUri", index)));
    const perRequest = functions.filter((f) => integrated.has(f) || authorizers.has(f));
    for (const fn of perRequest) {
        const { gb, arch, memoryMb } = lambdaShape(fn);
        const ms = integrated.has(fn) ? a.apiDurationMs : a.authorizerDurationMs;
        charge(perMillion, `Lambda requests (${fn.name})`, "lambda.requests", apiRequests);
        charge(perMillion, `Lambda duration ${memoryMb} MB ${arch} × ${ms} ms (${fn.name})`, `lambda.${arch}.duration`, apiRequests * (ms / 1000) * gb);
    }
    if (keys.length) charge(perMillion, `KMS requests (${a.kmsPerApiRequest} an API request)`, "kms.requests", apiRequests * a.kmsPerApiRequest);
    if (natGateways > 0 && perRequest.some((f) => f.inputs.vpcConfig !== undefined)) {
        charge(perMillion, `NAT gateway data (${a.natKbPerApiRequest} KB an API request)`, "vpc.natGateway.data", apiRequests * a.natKbPerApiRequest * GB_PER_KB);
    }
    if (ofType(resources, "aws:cloudwatch/logGroup:LogGroup").length) {
        charge(perMillion, `CloudWatch Logs ingestion (${a.logKbPerApiRequest} KB an API request)`, "cloudwatch.logs.ingestion", apiRequests * a.logKbPerApiRequest * GB_PER_KB);
    }
    if (clusters.length) charge(perMillion, `Aurora I/O (${a.auroraIoPerApiRequest} an API request)`, "aurora.io", apiRequests * a.auroraIoPerApiRequest * clusters.length);

    if (ofType(resources, "aws:sesv2/emailIdentity:EmailIdentity").length && table.prices["ses.email"]) {
        const p = table.prices["ses.email"];
        notes.push(`SES: $${p.usd} per ${p.per.toLocaleString("en-US")} e-mails sent, not included (it depends on sign-ups, not requests).`);
    }
    notes.push("Not shown because AWS does not charge it: data from AWS origins to CloudFront, ACM certificates, IAM, security groups, alias queries to CloudFront.");

    const counts = new Map<string, number>();
    for (const r of resources) if (costRole(r.type, r.custom) === "unmodelled") counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    const sum = (xs: CostLine[]) => xs.reduce((s, l) => s + l.usd, 0);
    return {
        date: table.date, region: table.region, idle, perMillion, idleTotal: sum(idle), perMillionTotal: sum(perMillion),
        missingPrices, unmodelled: [...counts.entries()].sort((x, y) => compare(x[0], y[0])), notes, assumptions: a,
    };
}

/** Dollars: cents for amounts of a cent or more, four decimals below. */
export function usd(x: number): string {
    return x === 0 || x >= 0.01 ? `$${x.toFixed(2)}` : `$${x.toFixed(4)}`;
}

function fmtQty(q: number): string {
    return Number.isInteger(q) ? q.toLocaleString("en-US") : q.toLocaleString("en-US", { maximumFractionDigits: 4 });
}

export function renderCost(e: CostEstimate, table: PriceTable, stackRegion: string | undefined): string[] {
    const region = stackRegion && stackRegion !== table.region ? ` This stack deploys to ${stackRegion}; its prices may differ.` : "";
    const lines = (xs: CostLine[]) => {
        const wi = Math.max(0, ...xs.map((l) => l.item.length));
        const wq = Math.max(0, ...xs.map((l) => `${fmtQty(l.quantity)} ${l.unit}`.length));
        return xs.map((l) => {
            const p = table.prices[l.priceKey];
            return `  ${l.item.padEnd(wi)}  ${`${fmtQty(l.quantity)} ${l.unit}`.padEnd(wq)}  ${usd(l.usd).padStart(9)}   (${l.priceKey}: $${p.usd} per ${p.per === 1 ? "" : `${p.per.toLocaleString("en-US")} `}${p.unit})`;
        });
    };
    const out = [
        `ESTIMATE, not a quote: ${table.currency} list prices for ${table.region} from pricing/aws-${table.region}.json, dated ${table.date}.${region}`,
        "No free tier, Savings Plans, taxes or support plans. Each price's source page is in the table.",
        "",
        `At idle (per month of ${e.assumptions.hoursPerMonth} hours): ${usd(e.idleTotal)}`,
        ...lines(e.idle),
        "",
        `Per million viewer requests: ${usd(e.perMillionTotal)}`,
        ...lines(e.perMillion),
        "",
        "Assumptions behind the per-request figures (scripts/plan/cost.ts DEFAULT_ASSUMPTIONS):",
        `  ${e.assumptions.apiShare * 100}% of requests reach the API; ${e.assumptions.responseKb} KB a response; API function ${e.assumptions.apiDurationMs} ms, authorizer ${e.assumptions.authorizerDurationMs} ms;`,
        `  ${e.assumptions.kmsPerApiRequest} KMS call, ${e.assumptions.natKbPerApiRequest} KB through NAT, ${e.assumptions.logKbPerApiRequest} KB of logs an API request; ${e.assumptions.staticMissRatio * 100}% of static requests miss the cache.`,
    ];
    if (e.missingPrices.length) out.push("", "No price in the table (not in the totals):", ...e.missingPrices.map((m) => `  ${m}`));
    if (e.unmodelled.length) out.push("", "Resource types the model does not price (check them yourself):", ...e.unmodelled.map(([t, n]) => `  ${n} × ${t}`));
    out.push("", "Notes:", ...e.notes.map((n) => `  ${n}`));
    return out;
}
