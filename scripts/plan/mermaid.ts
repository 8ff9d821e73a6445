/**
 * The README's architecture diagram (Mermaid), from the edge routing table and the resources
 * recorded in an evaluation under mocks: hosts -> distributions -> origins (S3, API Gateway ->
 * Lambda), and the data plane the functions reach (found through IAM policies and security groups).
 */
import { EDGE_SITES, EdgeRoute, siteRoutes } from "../../components/edge/routing";
import { plain } from "../../test/support/values";
import { PlanResource, byUrn, compare, dependenciesOf, lambdaTargets, ofType } from "./resources";

export const DIAGRAM_START = /<!-- diagram:start[^>]*-->/;
export const DIAGRAM_END = "<!-- diagram:end -->";

const T = {
    distribution: "aws:cloudfront/distribution:Distribution",
    api: "aws:apigatewayv2/api:Api",
    bucket: "aws:s3/bucket:Bucket",
    fn: "aws:lambda/function:Function",
    integration: "aws:apigatewayv2/integration:Integration",
    authorizer: "aws:apigatewayv2/authorizer:Authorizer",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    key: "aws:kms/key:Key",
    secret: "aws:secretsmanager/secret:Secret",
    ses: "aws:sesv2/emailIdentity:EmailIdentity",
    rds: "aws:rds/instance:Instance",
    aurora: "aws:rds/cluster:Cluster",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    vpc: "awsx:ec2:Vpc",
    ec2: "aws:ec2/instance:Instance",
    invocation: "aws:lambda/invocation:Invocation",
} as const;

export function nodeId(prefix: string, name: string): string {
    return `${prefix}_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
}

function label(text: string): string {
    return `"${text.replace(/"/g, "#quot;")}"`;
}

function sameSet(a: string[], b: string[]): boolean {
    return a.length === b.length && [...a].sort(compare).join("\n") === [...b].sort(compare).join("\n");
}

/** The Mermaid source (without the fence). Throws when the table and the recorded resources disagree. */
export function renderMermaid(routes: EdgeRoute[], resources: PlanResource[]): string {
    const index = byUrn(resources);
    const nodes = new Map<string, Map<string, string>>(); // subgraph -> node id -> declaration
    const edges = new Set<string>();
    const node = (group: string, id: string, text: string, shape: [string, string] = ["[", "]"]) => {
        if (!nodes.has(group)) nodes.set(group, new Map());
        nodes.get(group)!.set(id, `${id}${shape[0]}${label(text)}${shape[1]}`);
        return id;
    };
    const edge = (from: string, to: string, text?: string, dotted = false) =>
        edges.add(`${from} ${dotted ? "-.->" : "-->"}${text ? `|${label(text)}|` : ""} ${to}`);

    // Hosts -> distributions -> origins, from the routing table.
    const distributions = ofType(resources, T.distribution);
    const originNode = new Map<string, string>();
    for (const site of EDGE_SITES) {
        const rows = siteRoutes(routes, site);
        if (rows.length === 0) continue;
        const dist = distributions.find((d) => sameSet((plain(d.inputs.aliases) as string[] | undefined) ?? [], rows[0].hosts));
        if (!dist) throw new Error(`diagram: no recorded distribution has the aliases of site ${site} (${rows[0].hosts.join(", ")})`);
        const d = node("edge", nodeId("cf", dist.name), `${site}<br/>${dist.name}`);
        for (const host of rows[0].hosts) edge(node("hosts", nodeId("host", host), host, ["([", "])"]), d);
        const labels = new Map<string, string[]>();
        for (const r of rows) {
            const kind = r.origin === "api" ? T.api : T.bucket;
            const found = dependenciesOf(dist, "origins", index).filter((x) => x.type === kind);
            if (found.length !== 1) throw new Error(`diagram: ${dist.name} has ${found.length} ${kind} origins, expected one for ${r.origin}`);
            const o = found[0];
            const id = r.origin === "api" ? nodeId("apigw", o.name) : nodeId("s3", o.name);
            if (r.origin === "api") node("api", id, `API Gateway HTTP API<br/>${o.name}`);
            else node("s3", id, `S3 ${r.origin}<br/>${o.name}`, ["[(", ")]"]);
            originNode.set(o.urn, id);
            const text = `${r.pathPattern}${r.originPath ? ` → ${r.originPath}` : ""}${r.viewerRequest ? ` (${r.viewerRequest})` : ""}`;
            labels.set(id, [...(labels.get(id) ?? []), text]);
        }
        for (const [id, texts] of labels) edge(d, id, texts.join(", "));
    }

    // The functions: behind API Gateway, the authorizer, the ops function the deploy invokes.
    const vpc = ofType(resources, T.vpc)[0];
    const fnNode = (fn: PlanResource): string => {
        const i = plain(fn.inputs) as { architectures?: string[]; memorySize?: number; vpcConfig?: unknown };
        const text = `Lambda ${fn.name}<br/>${i.architectures?.[0] ?? "x86_64"}, ${i.memorySize ?? 128} MB`;
        return node(i.vpcConfig ? "vpc" : "api", nodeId("fn", fn.name), text);
    };
    for (const api of ofType(resources, T.api)) {
        const from = originNode.get(api.urn) ?? node("api", nodeId("apigw", api.name), `API Gateway HTTP API<br/>${api.name}`);
        const ofApi = (x: PlanResource) => (x.propertyDependencies.apiId ?? []).includes(api.urn);
        for (const integ of ofType(resources, T.integration).filter(ofApi)) {
            for (const fn of lambdaTargets(integ, "integrationUri", index)) edge(from, fnNode(fn), "$default");
        }
        for (const auth of ofType(resources, T.authorizer).filter(ofApi)) {
            for (const fn of lambdaTargets(auth, "authorizerUri", index)) {
                edge(from, fnNode(fn), `authorizer ${String(plain(auth.inputs.name) ?? auth.name)}`, true);
            }
        }
    }
    const invocations = ofType(resources, T.invocation);
    for (const fn of [...new Set(invocations.flatMap((i) => dependenciesOf(i, "functionName", index)))]) {
        const names = invocations.filter((i) => dependenciesOf(i, "functionName", index).includes(fn)).map((i) => i.name).sort(compare);
        edge(node("deploy", "deploy", "pulumi up (deploy chain)", ["{{", "}}"]), fnNode(fn), `invoke: ${names.join(", ")}`);
    }

    // The database, the NAT instance.
    const dbNodes = new Map<string, string>(); // security group urn -> db node
    for (const db of ofType(resources, T.rds)) {
        const i = plain(db.inputs) as { engineVersion?: string; instanceClass?: string; multiAz?: boolean };
        const id = node("vpc", nodeId("db", db.name), `RDS PostgreSQL ${i.engineVersion ?? ""}<br/>${i.instanceClass ?? ""}${i.multiAz ? " Multi-AZ" : ""}<br/>${db.name}`, ["[(", ")]"]);
        for (const sg of dependenciesOf(db, "vpcSecurityGroupIds", index)) dbNodes.set(sg.urn, id);
    }
    for (const c of ofType(resources, T.aurora)) {
        const s = plain(c.inputs.serverlessv2ScalingConfiguration) as { minCapacity?: number; maxCapacity?: number } | undefined;
        const id = node("vpc", nodeId("db", c.name), `Aurora PostgreSQL Serverless v2<br/>${s?.minCapacity ?? "?"}–${s?.maxCapacity ?? "?"} ACU<br/>${c.name}`, ["[(", ")]"]);
        for (const sg of dependenciesOf(c, "vpcSecurityGroupIds", index)) dbNodes.set(sg.urn, id);
    }
    for (const nat of ofType(resources, T.ec2)) node("vpc", nodeId("ec2", nat.name), `NAT instance ${String(plain(nat.inputs.instanceType))}<br/>${nat.name}`);

    // What each function reaches: the database through security groups, services through its IAM policies.
    const kmsKeys = ofType(resources, T.key);
    const sesIds = ofType(resources, T.ses);
    for (const fn of ofType(resources, T.fn)) {
        const fnGroups = new Set(dependenciesOf(fn, "vpcConfig", index).filter((x) => x.type === T.sg).map((x) => x.urn));
        for (const sg of ofType(resources, T.sg)) {
            const db = dbNodes.get(sg.urn);
            if (db && (sg.propertyDependencies.ingress ?? []).some((u) => fnGroups.has(u))) edge(fnNode(fn), db, "5432, TLS");
        }
        const roles = new Set(dependenciesOf(fn, "role", index).map((r) => r.urn));
        const policies = ofType(resources, T.rolePolicy).filter((p) => (p.propertyDependencies.role ?? []).some((u) => roles.has(u)));
        for (const target of policies.flatMap((p) => dependenciesOf(p, "policy", index))) {
            if (target.type === T.key) edge(fnNode(fn), node("services", "kms", `KMS: ${kmsKeys.length} RSA_2048 keys (RSAES_OAEP_SHA_256)`));
            else if (target.type === T.secret) edge(fnNode(fn), node("services", nodeId("sm", target.name), `Secrets Manager<br/>${target.name}`));
            else if (target.type === T.ses) {
                const domains = sesIds.map((s) => String(plain(s.inputs.emailIdentity))).sort(compare);
                edge(fnNode(fn), node("services", "ses", `SES v2<br/>${domains.join("<br/>")}`));
            } else if (target.type === T.bucket) edge(fnNode(fn), originNode.get(target.urn) ?? node("s3", nodeId("s3", target.name), `S3<br/>${target.name}`, ["[(", ")]"]));
        }
    }

    const vpcTitle = vpc
        ? (() => {
            const i = plain(vpc.inputs) as { numberOfAvailabilityZones?: number; natGateways?: { strategy?: string } };
            const nat = ofType(resources, T.ec2).length ? "NAT instance" : `NAT gateways: ${i.natGateways?.strategy ?? "OnePerAz"}`;
            return `VPC ${vpc.name}: ${i.numberOfAvailabilityZones ?? 3} AZs, private subnets, ${nat}`;
        })()
        : "your VPC (private subnets)";
    const groups: [string, string][] = [
        ["hosts", "Viewers' hosts"],
        ["edge", "CloudFront, TLS 1.2+, HTTPS only"],
        ["s3", "S3, private, read through OAC"],
        ["api", "API origin"],
        ["deploy", "Deploy"],
        ["vpc", vpcTitle],
        ["services", "Regional services"],
    ];
    const out = ["flowchart LR"];
    for (const [g, title] of groups) {
        const ns = nodes.get(g);
        if (!ns || ns.size === 0) continue;
        out.push(`    subgraph sg_${g}[${label(title)}]`);
        for (const id of [...ns.keys()].sort(compare)) out.push(`        ${ns.get(id)}`);
        out.push("    end");
    }
    out.push(...[...edges].sort(compare).map((e) => `    ${e}`));
    return out.join("\n");
}

/** The README block: a note where it comes from and the fenced diagram. */
export function diagramBlock(mermaid: string, source: string): string {
    return [`Generated from ${source}.`, "", "```mermaid", mermaid, "```"].join("\n");
}

function markers(readme: string): { start: number; end: number } {
    const m = DIAGRAM_START.exec(readme);
    const end = readme.indexOf(DIAGRAM_END);
    if (!m || end < 0) throw new Error("README has no <!-- diagram:start ... --> / <!-- diagram:end --> markers");
    if (end < m.index) throw new Error("README's diagram:end marker comes before diagram:start");
    if (readme.indexOf(DIAGRAM_END, end + 1) >= 0 || DIAGRAM_START.exec(readme.slice(m.index + m[0].length))) throw new Error("README has more than one diagram block");
    return { start: m.index + m[0].length, end };
}

/** What is between the markers now, without the surrounding newlines. */
export function readDiagramBlock(readme: string): string {
    const { start, end } = markers(readme);
    return readme.slice(start, end).replace(/^\n/, "").replace(/\n$/, "");
}

/** The README with the block between the markers replaced; the rest untouched. */
export function writeDiagramBlock(readme: string, block: string): string {
    const { start, end } = markers(readme);
    return `${readme.slice(0, start)}\n${block}\n${readme.slice(end)}`;
}
