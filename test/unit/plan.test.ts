import { expect } from "chai";
import { planFromConfig, planStack, PlanResult } from "../../scripts/plan";
import { SECRET_PLACEHOLDER } from "../../scripts/plan/config";
import { SECTION_TITLES, SectionName, heading } from "../../scripts/plan/report";
import { secretStrings } from "../../scripts/plan/resources";
import { FAKE_BOOTSTRAP } from "../support/aws-mocks";
import { RecordedResource } from "../support/recorder";
import { stackFileConfig } from "../support/stack-file";
import { plain } from "../support/values";

/** The lines of one section of the printed plan. */
function section(text: string, name: SectionName): string[] {
    const names = Object.keys(SECTION_TITLES) as SectionName[];
    const start = text.indexOf(heading(SECTION_TITLES[name]));
    expect(start, `section ${name} is printed`).to.be.greaterThan(-1);
    const next = names[names.indexOf(name) + 1];
    const end = next ? text.indexOf(heading(SECTION_TITLES[next])) : text.length;
    return text.slice(start, end).split("\n").slice(1);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every value a secret holds anywhere in the evaluation (and the JSON values inside secret JSON). */
function secretValues(plan: PlanResult): string[] {
    const rs = plan.evaluation.recorder.resources;
    const raw = [...rs.flatMap((r) => [...secretStrings(r.inputs), ...secretStrings(r.outputs ?? {})]), ...secretStrings(plan.evaluation.stackOutputs)];
    const inner = raw.flatMap((s) => {
        try {
            const o = JSON.parse(s) as unknown;
            return o && typeof o === "object" ? Object.values(o as Record<string, unknown>).filter((v): v is string => typeof v === "string") : [];
        } catch {
            return [];
        }
    });
    return [...new Set([...raw, ...inner, FAKE_BOOTSTRAP.password, "mock-password-", "5e".repeat(32)])].filter((s) => s.length >= 8);
}

describe("npm run plan -- --stack dev", () => {
    let plan: PlanResult;
    let resources: RecordedResource[];
    before(async () => {
        plan = await planStack("dev");
        resources = plan.evaluation.recorder.resources;
    });

    it("prints the connection budget and the throughput it allows", async () => {
        const lines = section(plan.text, "capacity").join("\n");
        expect(lines).to.contain("RDS db.t4g.micro, max_connections ~84");
        expect(lines).to.contain("(84 - 14 kept free) / 2 per instance = 35");
        expect(lines).to.contain("API reserved concurrency: 35");
        expect(lines).to.contain("Throughput at 50 ms mean latency: 700 requests/s");
    });

    it("prints every recorded resource once in the tree, indented under its parent", async () => {
        const tree = section(plan.text, "tree");
        const treeLines = tree.slice(0, tree.indexOf(""));
        expect(treeLines).to.have.length(resources.length);
        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        expect(resources.length).to.be.greaterThan(50);
        for (const r of resources) {
            const re = new RegExp(`^( *)${escape(r.type)}  ${escape(r.name)}(  \\[.*\\])?$`);
            const at = treeLines.map((l, i) => (re.test(l) ? i : -1)).filter((i) => i >= 0);
            expect(at, `${r.type} ${r.name}`).to.have.length(1);
            const indent = re.exec(treeLines[at[0]])![1].length;
            const parent = byUrn.get(r.parent);
            if (!parent) {
                expect(indent, `${r.name} is at the top`).to.equal(0);
                continue;
            }
            let j = at[0] - 1;
            while (j >= 0 && (/^ */.exec(treeLines[j])![0].length >= indent)) j--;
            expect(treeLines[j], `the line above ${r.name} at a lower level is its parent`).to.match(new RegExp(`^ {${indent - 2}}${escape(parent.type)}  ${escape(parent.name)}(  |$)`));
        }
    });

    it("counts each resource type as recorded", async () => {
        const tree = section(plan.text, "tree");
        const counts: Record<string, number> = {};
        for (const l of tree.slice(tree.indexOf("Count by type:") + 1)) {
            const m = /^\s*(\d+)  (\S+)$/.exec(l);
            if (m) counts[m[2]] = Number(m[1]);
        }
        const expected: Record<string, number> = {};
        for (const r of resources) expected[r.type] = (expected[r.type] ?? 0) + 1;
        expect(counts).to.deep.equal(expected);
        expect(tree.join("\n")).to.match(new RegExp(`^\\s*${resources.length}  resources in all`, "m"));
    });

    it("lists every distribution alias and every record of the dnsRecords output", async () => {
        const dns = section(plan.text, "dns");
        const distributions = resources.filter((r) => r.type === "aws:cloudfront/distribution:Distribution");
        const aliases = distributions.flatMap((d) => plain(d.inputs.aliases) as string[]);
        expect(aliases).to.have.length.greaterThan(4);
        for (const a of aliases) expect(dns.some((l) => l.startsWith(`  ${a} `) && / CNAME /.test(l)), a).to.equal(true);
        const records = plain(plan.evaluation.stackOutputs.dnsRecords) as { name: string; type: string; value: string }[];
        expect(records).to.have.length.greaterThan(aliases.length);
        for (const r of records) {
            expect(dns.some((l) => new RegExp(`^  ${escape(r.name)} +${escape(r.type)} +${escape(r.value)}( |$)`).test(l)), `${r.name} ${r.type}`).to.equal(true);
        }
        expect(dns[0]).to.match(/at your DNS provider/);
    });

    it("names every generated secret, the Secrets Manager secret and the secret outputs", async () => {
        const secrets = section(plan.text, "secrets").join("\n");
        const generated = resources.filter((r) => r.type === "random:index/randomPassword:RandomPassword" || r.type === "random:index/randomBytes:RandomBytes");
        expect(generated.filter((r) => r.type.endsWith("RandomPassword"))).to.have.length.greaterThan(0);
        for (const r of generated) expect(secrets).to.match(new RegExp(`^  Random\\w+  ${escape(r.name)}\\b`, "m"));
        const stored = resources.filter((r) => r.type === "aws:secretsmanager/secret:Secret");
        expect(stored).to.have.length(1);
        expect(secrets).to.include(`secretsmanager Secret  ${stored[0].name}: API_`);
        expect(secrets).to.match(/^Secret stack outputs: .*bootstrapUserPassword/m);
    });

    it("prints no secret value anywhere", async () => {
        const values = secretValues(plan);
        expect(values).to.include(FAKE_BOOTSTRAP.password);
        expect(values.some((v) => v.startsWith("mock-password-tesseral-db-password"))).to.equal(true);
        for (const v of values) expect(plan.text.includes(v), `a secret value (${v.length} characters) is printed`).to.equal(false);
    });

    it("estimates the cost from the recorded resources, labelled an estimate with the table's date", async () => {
        const cost = section(plan.text, "cost").join("\n");
        expect(cost).to.match(/ESTIMATE/);
        expect(cost).to.include("dated 2026-11-27");
        const keys = resources.filter((r) => r.type === "aws:kms/key:Key").length;
        expect(cost).to.include(`KMS keys ×${keys} `);
        const db = resources.filter((r) => r.type === "aws:rds/instance:Instance");
        expect(db).to.have.length(1);
        expect(cost).to.include(`RDS PostgreSQL ${String(plain(db[0].inputs.instanceClass))} single-AZ (${db[0].name})`);
        expect(cost).to.match(/NAT gateway ×1 \(tesseral-network-vpc, Single\)/);
        const idle = /At idle \(per month of 730 hours\): \$(\d+\.\d\d)/.exec(cost);
        const perMillion = /Per million viewer requests: \$(\d+\.\d\d)/.exec(cost);
        expect(idle, "idle total").to.not.equal(null);
        expect(perMillion, "per-million total").to.not.equal(null);
        // NAT gateway 730 h + RDS db.t4g.micro 730 h + 20 GB gp3 + 7 keys at the committed prices, at least.
        expect(Number(idle![1])).to.be.greaterThan(0.045 * 730 + 0.016 * 730 + 0.115 * 20 + keys * 1);
        expect(Number(perMillion![1])).to.be.greaterThan(0);
    });
});

describe("npm run plan: other stack files", () => {
    it("with a hosted zone, lists the Route 53 records the stack creates, distribution aliases included", async () => {
        const plan = await planFromConfig("dev", { ...stackFileConfig("dev"), "tesseral:hostedZoneId": "Z0123456789ABCDEFGHIJ" });
        const dns = section(plan.text, "dns");
        expect(dns[0]).to.match(/in Route 53 \(hosted zone Z0123456789ABCDEFGHIJ\)/);
        const records = plan.evaluation.recorder.resources.filter((r) => r.type === "aws:route53/record:Record");
        expect(records).to.have.length.greaterThan(10);
        for (const r of records) {
            expect(dns.some((l) => l.startsWith(`  ${String(plain(r.inputs.name))} `) && l.includes(` ${String(plain(r.inputs.type))} `)), r.name).to.equal(true);
        }
        const aliases = plan.evaluation.recorder.resources.filter((r) => r.type === "aws:cloudfront/distribution:Distribution").flatMap((d) => plain(d.inputs.aliases) as string[]);
        for (const a of aliases) expect(dns.some((l) => l.startsWith(`  ${a} `) && / A +alias /.test(l)), a).to.equal(true);
        expect(section(plan.text, "cost").join("\n")).to.include("Route 53 hosted zone (existing zone Z0123456789ABCDEFGHIJ)");
    });

    it("names a secret set in the stack file without decrypting or printing it", async () => {
        const ciphertext = "v1:AAABAHS3cr3tC1ph3rt3xtN0tToBePr1nted==";
        const plan = await planFromConfig("dev", { ...stackFileConfig("dev"), "tesseral:stripeApiKey": { secure: ciphertext } });
        const secrets = section(plan.text, "secrets").join("\n");
        expect(secrets).to.match(/^Secret stack config set: tesseral:stripeApiKey$/m);
        expect(secrets).to.match(/API_STRIPE_API_KEY/);
        expect(plan.text).to.not.include(ciphertext);
        expect(plan.text).to.not.include(SECRET_PLACEHOLDER);
    });

    it("refuses a stack without a stack file", async () => {
        let error: unknown;
        try {
            await planStack("no-such-stack");
        } catch (e) {
            error = e;
        }
        expect(String(error)).to.match(/no stack file .*Pulumi\.no-such-stack\.yaml/);
    });
});
