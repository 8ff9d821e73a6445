import { expect } from "chai";
import { evaluateComponent } from "../support/component";
import { Recorder, RecordedResource } from "../support/recorder";
import { plain } from "../support/values";
import { UserContent, corsRules, tlsOnlyPolicy } from "../../components/data/user-content";

const T = {
    bucket: "aws:s3/bucket:Bucket",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    cors: "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
};

const DOMAIN = "console.auth.example.com";

type Statement = { Effect: string; Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, string>> };

function only(rec: Recorder, type: string): RecordedResource {
    const found = rec.ofType(type);
    expect(found, type).to.have.length(1);
    return found[0];
}

function inputs(r: RecordedResource): Record<string, unknown> {
    return plain(r.inputs) as Record<string, unknown>;
}

describe("user-content pure functions", () => {
    it("corsRules allows PUT/GET/HEAD from the console plus extras", async () => {
        const rules = corsRules(DOMAIN, ["https://app.example.com"]);
        expect(rules).to.have.length(1);
        expect(rules[0].allowedOrigins).to.deep.equal([`https://${DOMAIN}`, "https://app.example.com"]);
        expect(rules[0].allowedMethods).to.have.members(["PUT", "GET", "HEAD"]);
        expect(rules[0].allowedHeaders).to.deep.equal(["*"]);
        expect(rules[0].exposeHeaders).to.deep.equal(["ETag"]);
        expect(rules[0].maxAgeSeconds).to.equal(3000);
        expect(corsRules(DOMAIN, [])[0].allowedOrigins).to.deep.equal([`https://${DOMAIN}`]);
    });

    it("tlsOnlyPolicy denies s3:* without TLS on the bucket and its objects", async () => {
        const doc = tlsOnlyPolicy("arn:aws:s3:::b") as { Version: string; Statement: Statement[] };
        expect(doc.Version).to.equal("2012-10-17");
        expect(doc.Statement).to.have.length(1);
        const s = doc.Statement[0];
        expect(s.Effect).to.equal("Deny");
        expect(s.Action).to.equal("s3:*");
        expect(s.Resource).to.have.members(["arn:aws:s3:::b", "arn:aws:s3:::b/*"]);
        expect(s.Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
    });
});

describe("UserContent", () => {
    let rec: Recorder;
    before(async () => {
        rec = await evaluateComponent(() => new UserContent("uc", { consoleDomain: DOMAIN, protect: true }));
    });

    it("registers the component and children under it", async () => {
        const comp = rec.named("uc");
        expect(comp.type).to.equal("tesseral-aws:index:UserContent");
        for (const type of Object.values(T)) expect(only(rec, type).parent).to.equal(comp.urn);
        expect(only(rec, T.bucket).name).to.equal("uc-bucket");
    });

    it("blocks all public access", async () => {
        const pab = inputs(only(rec, T.publicAccess));
        expect(pab.blockPublicAcls).to.equal(true);
        expect(pab.blockPublicPolicy).to.equal(true);
        expect(pab.ignorePublicAcls).to.equal(true);
        expect(pab.restrictPublicBuckets).to.equal(true);
    });

    it("enforces bucket-owner object ownership", async () => {
        expect(inputs(only(rec, T.ownership)).rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
    });

    it("encrypts at rest", async () => {
        const rules = inputs(only(rec, T.sse)).rules as { applyServerSideEncryptionByDefault?: { sseAlgorithm: string } }[];
        expect(rules).to.have.length(1);
        expect(rules[0].applyServerSideEncryptionByDefault?.sseAlgorithm).to.be.oneOf(["AES256", "aws:kms"]);
    });

    it("enables versioning", async () => {
        expect((inputs(only(rec, T.versioning)).versioningConfiguration as { status: string }).status).to.equal("Enabled");
    });

    it("allows the console origin to PUT via CORS", async () => {
        const rules = inputs(only(rec, T.cors)).corsRules as { allowedOrigins: string[]; allowedMethods: string[] }[];
        expect(rules).to.have.length(1);
        expect(rules[0].allowedOrigins).to.deep.equal([`https://${DOMAIN}`]);
        expect(rules[0].allowedMethods).to.include("PUT");
    });

    it("denies non-TLS access on the bucket and its objects", async () => {
        const bucketArn = `arn:aws:mock:us-west-2:123456789012:${T.bucket}/uc-bucket`;
        const policy = inputs(only(rec, T.policy)).policy;
        expect(policy).to.be.a("string");
        const doc = JSON.parse(policy as string) as { Statement: Statement[] };
        const deny = doc.Statement.find((s) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false");
        expect(deny).to.not.equal(undefined);
        expect(deny!.Action).to.equal("s3:*");
        expect(deny!.Resource).to.have.members([bucketArn, `${bucketArn}/*`]);
    });

    it("makes the policy depend on the public access block", async () => {
        const pab = only(rec, T.publicAccess);
        expect(only(rec, T.policy).dependencies).to.include(pab.urn);
    });

    it("protect: true retains the bucket and does not force-destroy it", async () => {
        const bucket = only(rec, T.bucket);
        expect(bucket.options.retainOnDelete).to.equal(true);
        expect(inputs(bucket).forceDestroy).to.equal(false);
    });

    it("protect: false force-destroys and does not retain", async () => {
        const r = await evaluateComponent(() => new UserContent("uc", { consoleDomain: DOMAIN, extraCorsOrigins: ["https://extra.example.com"], protect: false }));
        const bucket = only(r, T.bucket);
        expect(inputs(bucket).forceDestroy).to.equal(true);
        expect(bucket.options.retainOnDelete).to.not.equal(true);
        const rules = inputs(only(r, T.cors)).corsRules as { allowedOrigins: string[] }[];
        expect(rules[0].allowedOrigins).to.deep.equal([`https://${DOMAIN}`, "https://extra.example.com"]);
    });
});
