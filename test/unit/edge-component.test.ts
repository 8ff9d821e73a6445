import { expect } from "chai";
import { plain, isSecret } from "../support/values";
import { RecordedResource } from "../support/recorder";
import { EdgeEvaluation, VERIFY_SECRET, distributionId, evaluateEdge } from "../support/cloudfront-sim";
import { HSTS_MAX_AGE_SECONDS } from "../../components/edge/policies";

type Obj = Record<string, unknown>;
const inputs = (r: RecordedResource) => plain(r.inputs) as Obj;
const DIST = "aws:cloudfront/distribution:Distribution";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";

describe("Edge distributions", () => {
    let e: EdgeEvaluation;
    before(async () => { e = await evaluateEdge(); });

    it("are HTTPS only, TLS 1.2 (2021) or better, HTTP/2 and 3, IPv6, SNI", async () => {
        const ds = e.rec.ofType(DIST).map(inputs);
        expect(ds).to.have.length(5);
        for (const d of ds) {
            expect(d).to.deep.include({ enabled: true, isIpv6Enabled: true, httpVersion: "http2and3" });
            expect(d.viewerCertificate).to.deep.include({ minimumProtocolVersion: "TLSv1.2_2021", sslSupportMethod: "sni-only" });
            const behaviors = [d.defaultCacheBehavior, ...((d.orderedCacheBehaviors as Obj[] | undefined) ?? [])] as Obj[];
            expect(behaviors.every((b) => b.viewerProtocolPolicy === "redirect-to-https")).to.equal(true);
        }
    });

    it("turn errors into index.html only on the console, which serves no API", async () => {
        const console = inputs(e.rec.named("edge-console"));
        expect(console.customErrorResponses).to.deep.equal([403, 404].map((errorCode) => ({ errorCode, responseCode: 200, responsePagePath: "/index.html", errorCachingMinTtl: 0 })));
        for (const name of ["edge-vault", "edge-backend-api", "edge-config-api", "edge-user-content"]) {
            expect(inputs(e.rec.named(name)).customErrorResponses ?? [], name).to.deep.equal([]);
        }
    });

    it("send the API the origin-verify secret, over HTTPS only, kept secret in state", async () => {
        for (const name of ["edge-vault", "edge-backend-api", "edge-config-api"]) {
            const raw = e.rec.named(name).inputs.origins as unknown[];
            const api = (plain(raw) as Obj[]).find((o) => o.customOriginConfig)!;
            expect(api.customOriginConfig).to.deep.include({ originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] });
            expect(api.customHeaders).to.deep.equal([{ name: "x-origin-verify", value: VERIFY_SECRET }]);
            const wire = JSON.stringify(raw, (_k, v) => (isSecret(v) ? "<secret>" : v));
            expect(wire, name).to.not.include(VERIFY_SECRET);
        }
    });

    it("read S3 through one sigv4 origin access control", async () => {
        const oac = e.rec.ofType("aws:cloudfront/originAccessControl:OriginAccessControl").map(inputs);
        expect(oac).to.deep.equal([{ description: "tesseral: CloudFront reads the private buckets", originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" }]);
        for (const name of ["edge-console", "edge-vault", "edge-user-content"]) {
            const s3 = (inputs(e.rec.named(name)).origins as Obj[]).filter((o) => !o.customOriginConfig);
            expect(s3.length, name).to.equal(1);
            expect(s3[0].originAccessControlId).to.equal("edge-oac-id");
        }
    });

    it("let each bucket be read by its own distribution only, over TLS only", async () => {
        const cases: [string, string, string][] = [
            ["edge-console-policy", "arn:aws:mock:us-west-2:123456789012:aws:s3/bucket:Bucket/edge-console-site-bucket", "edge-console"],
            ["edge-vault-ui-policy", "arn:aws:mock:us-west-2:123456789012:aws:s3/bucket:Bucket/edge-vault-ui-site-bucket", "edge-vault"],
            ["edge-user-content-policy", "arn:aws:s3:::uc-bucket", "edge-user-content"],
        ];
        expect(e.rec.ofType(POLICY)).to.have.length(3);
        for (const [policy, bucketArn, dist] of cases) {
            const doc = JSON.parse(inputs(e.rec.named(policy)).policy as string) as { Statement: Obj[] };
            expect(doc.Statement, policy).to.deep.equal([
                { Sid: "CloudFrontRead", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: `${bucketArn}/*`,
                    Condition: { StringEquals: { "AWS:SourceArn": `arn:aws:cloudfront::123456789012:distribution/${distributionId(dist)}` } } },
                { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, `${bucketArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
            ]);
        }
        expect(e.rec.named("edge-user-content-policy").options.retainOnDelete).to.equal(true);
        for (const site of ["console", "vault-ui"]) {
            expect(inputs(e.rec.named(`edge-${site}-site-public-access`))).to.deep.include({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        }
    });

    it("put HSTS, nosniff, frame and referrer policy on the SPA and content hosts, not on the API", async () => {
        const p = e.rec.ofType("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy").map(inputs);
        expect(p).to.have.length(1);
        expect((p[0].securityHeadersConfig as Obj).strictTransportSecurity).to.deep.include({ accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, includeSubdomains: true, override: true });
        expect(p[0].securityHeadersConfig).to.include.keys("contentTypeOptions", "frameOptions", "referrerPolicy");
        const policyId = "edge-security-headers-id";
        const behaviorsOf = (name: string) => { const d = inputs(e.rec.named(name)); return [...((d.orderedCacheBehaviors as Obj[] | undefined) ?? []), d.defaultCacheBehavior as Obj]; };
        expect(behaviorsOf("edge-console").map((b) => b.responseHeadersPolicyId)).to.deep.equal([policyId]);
        expect(behaviorsOf("edge-vault").map((b) => b.responseHeadersPolicyId)).to.deep.equal([undefined, undefined, policyId]);
        expect(behaviorsOf("edge-backend-api").map((b) => b.responseHeadersPolicyId)).to.deep.equal([undefined]);
    });

    it("publishes the URLs", async () => {
        const out = e.rec.ofType("tesseral-aws:index:Edge")[0].outputs as Obj;
        expect(plain(out)).to.deep.include({
            consoleUrl: "https://console.auth.example.com", vaultUrl: "https://vault.console.auth.example.com",
            backendApiUrl: "https://api.auth.example.com", configApiUrl: "https://config.auth.example.com",
            userContentBaseUrl: "https://usercontent.auth.example.com",
        });
        const parent = e.rec.ofType("tesseral-aws:index:Edge")[0].urn;
        expect(e.rec.ofType(DIST).every((d) => d.parent === parent)).to.equal(true);
    });
});
