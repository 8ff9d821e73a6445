import { expect } from "chai";
import { offlineConfig, SECRET_PLACEHOLDER } from "../../scripts/plan/config";
import { dnsPlan, renderDns } from "../../scripts/plan/dns";
import { renderSecrets, secretsPlan } from "../../scripts/plan/secrets";
import { renderTree, renderTypeCounts, resourceTree } from "../../scripts/plan/tree";
import { mockUrn, RecordedResource } from "../support/recorder";
import { Secret } from "../support/values";

function res(type: string, name: string, parent: RecordedResource | undefined, inputs: Record<string, unknown> = {}, extra: Partial<RecordedResource> = {}): RecordedResource {
    return {
        type, name, urn: mockUrn("p", "s", parent?.urn ?? "", type, name), parent: parent?.urn ?? "", custom: !type.includes(":index:") || type.startsWith("random:"),
        dependencies: [], propertyDependencies: {},
        options: { protect: false, retainOnDelete: false, ignoreChanges: [], additionalSecretOutputs: [], deleteBeforeReplace: false, replaceOnChanges: [], provider: "" },
        inputs, ...extra,
    };
}

describe("plan: the resource tree", () => {
    const stack = res("pulumi:pulumi:Stack", "p-s", undefined, {}, { custom: false });
    const top = res("pkg:index:Top", "top", stack);
    const child = res("pkg:index:Child", "child", top);
    const bucket = res("aws:s3/bucket:Bucket", "b", top, {}, { options: { ...res("x", "y", undefined).options, protect: true, retainOnDelete: true } });
    const leaf = res("aws:kms/key:Key", "k", child);
    const orphan = res("aws:kms/key:Key", "orphan", undefined, {}, { parent: "urn:pulumi:s::p::pkg:index:Gone::gone" });

    it("indents by parent, components before resources, and never drops a resource whose parent is unknown", async () => {
        expect(renderTree([leaf, bucket, orphan, child, top, stack])).to.deep.equal([
            "pulumi:pulumi:Stack  p-s",
            "  pkg:index:Top  top",
            "    pkg:index:Child  child",
            "      aws:kms/key:Key  k",
            "    aws:s3/bucket:Bucket  b  [protect; retain]",
            "aws:kms/key:Key  orphan",
        ]);
        expect(resourceTree([leaf, bucket, orphan, child, top, stack])).to.have.length(6);
    });

    it("counts resources per type", async () => {
        const lines = renderTypeCounts([leaf, orphan, bucket]);
        expect(lines).to.deep.equal(["2  aws:kms/key:Key", "1  aws:s3/bucket:Bucket", "3  resources in all (3 custom, 0 components and the stack)"]);
    });
});

describe("plan: DNS records", () => {
    const outputs = { dnsRecords: [
        { name: "b.example.com", type: "CNAME", value: "d1.cloudfront.net", purpose: "site" },
        { name: "a.example.com", type: "TXT", value: "v=spf1", purpose: "mail" },
    ] };

    it("lists the records to create, sorted, when no hosted zone is used", async () => {
        const plan = dnsPlan([], outputs);
        expect(plan.zoneIds).to.deep.equal([]);
        expect(plan.records.map((r) => r.name)).to.deep.equal(["a.example.com", "b.example.com"]);
        expect(renderDns(plan)[0]).to.match(/Create these 2 records at your DNS provider/);
    });

    it("lists the Route 53 records (aliases by target) when the stack writes to a zone", async () => {
        const rec = res("aws:route53/record:Record", "alias-a", undefined, { zoneId: "Z9", name: "b.example.com", type: "A", aliases: [{ name: "d1.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" }] });
        const plan = dnsPlan([rec], { dnsRecords: [] });
        expect(plan).to.deep.equal({ zoneIds: ["Z9"], records: [{ name: "b.example.com", type: "A", value: "alias d1.cloudfront.net", purpose: "alias-a" }] });
        expect(renderDns(plan).join("\n")).to.match(/in Route 53 \(hosted zone Z9\): 1 records[\s\S]*b\.example\.com +A +alias d1\.cloudfront\.net/);
    });
});

describe("plan: secrets", () => {
    it("names generators, where they are used, stored secrets' keys and secret outputs, never a value", async () => {
        const pw = res("random:index/randomPassword:RandomPassword", "db-password", undefined, { length: 40 });
        const secret = res("aws:secretsmanager/secret:Secret", "api-secret", undefined);
        const version = res("aws:secretsmanager/secretVersion:SecretVersion", "api-secret-version", undefined,
            { secretString: new Secret(JSON.stringify({ API_DB_DSN: "postgres://u:hunter2-value@db/x", API_KEY: "value-of-key-123" })) },
            { propertyDependencies: { secretId: [secret.urn], secretString: [pw.urn] } });
        const db = res("aws:rds/instance:Instance", "db", undefined, { password: new Secret("hunter2-value") }, { propertyDependencies: { password: [pw.urn] } });
        const plan = secretsPlan([pw, secret, version, db], { bootstrapUserPassword: new Secret("pw-output-value"), consoleUrl: "https://c" }, ["tesseral:stripeApiKey"]);
        expect(plan.generated).to.deep.equal([{ type: "RandomPassword", name: "db-password", shape: "length 40", usedBy: ["api-secret-version.secretString", "db.password"] }]);
        expect(plan.stored).to.deep.equal([{ type: "secretsmanager Secret", name: "api-secret", keys: ["API_DB_DSN", "API_KEY"] }]);
        expect(plan.secretOutputs).to.deep.equal(["bootstrapUserPassword"]);
        expect(plan.secretInputs).to.deep.equal([{ name: "api-secret-version", properties: ["secretString"] }, { name: "db", properties: ["password"] }]);
        const text = renderSecrets(plan).join("\n");
        expect(text).to.include("Secret stack config set: tesseral:stripeApiKey");
        for (const v of ["hunter2-value", "value-of-key-123", "pw-output-value"]) expect(text).to.not.include(v);
    });

    it("replaces encrypted stack-file values by a placeholder marked secret", async () => {
        const { config, secretKeys, missingRequired } = offlineConfig({ "tesseral:domain": "a.example.com", "tesseral:svixApiKey": { secure: "v1:cipher" }, "tesseral:source": { git: "x" } });
        expect(config).to.deep.equal({ "tesseral:domain": "a.example.com", "tesseral:svixApiKey": SECRET_PLACEHOLDER, "tesseral:stripeApiKey": SECRET_PLACEHOLDER, "tesseral:source": { git: "x" } });
        expect(secretKeys).to.deep.equal(["tesseral:svixApiKey"]);
        // The required Stripe key is missing from the file: planned with a placeholder and reported.
        expect(missingRequired).to.deep.equal(["tesseral:stripeApiKey"]);
    });
});
