import { expect } from "chai";
import { plain } from "../support/values";
import { RecordedResource } from "../support/recorder";
import { CLOUDFRONT_ZONE_ID, EdgeEvaluation, cloudFrontDomain, evaluateEdge } from "../support/cloudfront-sim";
import { validationHosts, validationRecords } from "../../components/edge/certificate";

const ZONE = "Z0123456789ABCDEFGHIJ";
const HOSTS = ["console.auth.example.com", "vault.console.auth.example.com", "*.vaults.auth.example.com",
    "api.auth.example.com", "config.auth.example.com", "usercontent.auth.example.com"];
const SITE_OF: Record<string, string> = {
    "console.auth.example.com": "console", "vault.console.auth.example.com": "vault", "*.vaults.auth.example.com": "vault",
    "api.auth.example.com": "backend-api", "config.auth.example.com": "config-api", "usercontent.auth.example.com": "user-content",
};
const CERT = "aws:acm/certificate:Certificate";
const VALIDATION = "aws:acm/certificateValidation:CertificateValidation";
const RECORD = "aws:route53/record:Record";
const inputs = (r: RecordedResource) => plain(r.inputs) as Record<string, unknown>;

describe("edge certificate (pure)", () => {
    it("validates a wildcard through its parent name, each record once", async () => {
        expect(validationHosts(["a.x", "*.x", "x", "*.a.x"])).to.deep.equal(["a.x", "*.x"]);
        const opt = (domainName: string, n: string) => ({ domainName, resourceRecordName: n, resourceRecordType: "CNAME", resourceRecordValue: `${n}.acm` });
        expect(validationRecords([opt("x", "_1.x."), opt("*.x", "_1.x."), opt("a.x", "_2.a.x.")]).map((r) => r.name)).to.deep.equal(["_1.x.", "_2.a.x."]);
        expect(validationRecords(undefined)).to.deep.equal([]);
    });
});

describe("edge certificate and DNS with a Route 53 zone", () => {
    let e: EdgeEvaluation;
    before(async () => { e = await evaluateEdge({ hostedZoneId: ZONE }); });

    it("requests one us-east-1 certificate for every alias, wildcard included, through the stack's provider with a per-resource region", async () => {
        const certs = e.rec.ofType(CERT);
        expect(certs).to.have.length(1);
        const c = inputs(certs[0]);
        expect([c.domainName, ...(c.subjectAlternativeNames as string[])]).to.deep.equal(HOSTS);
        expect(c.validationMethod).to.equal("DNS");
        // A bare aws.Provider would ignore aws:profile, aws:assumeRoles, aws:defaultTags.
        expect(e.rec.ofType("pulumi:providers:aws")).to.have.length(0);
        expect(c.region).to.equal("us-east-1");
        expect(inputs(e.rec.ofType(VALIDATION)[0]).region).to.equal("us-east-1");
    });

    it("creates each distinct validation record in the zone and waits for issuance with them", async () => {
        const validation = e.rec.ofType(RECORD).filter((r) => r.name.includes("-validation-"));
        expect(validation).to.have.length(6);
        expect(validation.every((r) => inputs(r).zoneId === ZONE && inputs(r).type === "CNAME")).to.equal(true);
        expect(new Set(validation.map((r) => inputs(r).name)).size).to.equal(6);
        expect((inputs(validation[2]).name as string).endsWith(".vaults.auth.example.com.")).to.equal(true);
        const v = inputs(e.rec.ofType(VALIDATION)[0]);
        expect(v.validationRecordFqdns).to.have.members(validation.map((r) => (inputs(r).name as string).replace(/\.$/, "")));
        const distributions = e.rec.ofType("aws:cloudfront/distribution:Distribution");
        expect(distributions).to.have.length(5);
        for (const d of distributions) {
            expect((inputs(d).viewerCertificate as Record<string, unknown>).acmCertificateArn).to.equal("arn:aws:acm:us-east-1:123456789012:certificate/edge-cert-certificate");
        }
        const validationUrn = e.rec.ofType(VALIDATION)[0].urn;
        expect(distributions.every((d) => (d.propertyDependencies.viewerCertificate ?? []).includes(validationUrn))).to.equal(true);
    });

    it("points A and AAAA alias records of every host at its distribution, and lists nothing to create by hand", async () => {
        const aliases = e.rec.ofType(RECORD).filter((r) => !r.name.includes("-validation-")).map(inputs);
        expect(aliases).to.have.length(HOSTS.length * 2);
        for (const host of HOSTS) {
            for (const type of ["A", "AAAA"]) {
                const r = aliases.find((a) => a.name === host && a.type === type);
                expect(r, `${type} ${host}`).to.not.equal(undefined);
                expect(r!.zoneId).to.equal(ZONE);
                expect(r!.aliases).to.deep.equal([{ name: cloudFrontDomain(`edge-${SITE_OF[host]}`), zoneId: CLOUDFRONT_ZONE_ID, evaluateTargetHealth: false }]);
            }
        }
        expect(e.dnsRecords).to.deep.equal([]);
    });
});

describe("edge certificate and DNS without a zone", () => {
    let e: EdgeEvaluation;
    before(async () => { e = await evaluateEdge(); });

    it("creates no Route 53 records, still waits for the certificate", async () => {
        expect(e.rec.ofType(RECORD)).to.have.length(0);
        const v = inputs(e.rec.ofType(VALIDATION)[0]);
        expect(v.validationRecordFqdns ?? []).to.deep.equal([]);
    });

    it("lists every record the user must create: validation CNAMEs, then each host's CNAME to its distribution", async () => {
        const validation = e.dnsRecords.filter((r) => r.purpose.startsWith("ACM validation"));
        expect(validation).to.have.length(6);
        expect(validation.every((r) => r.type === "CNAME" && r.value.endsWith(".acm-validations.aws."))).to.equal(true);
        expect(validation.map((r) => r.purpose)).to.include("ACM validation for *.vaults.auth.example.com");
        const hosts = e.dnsRecords.filter((r) => !r.purpose.startsWith("ACM validation")).map(({ name, type, value }) => ({ name, type, value }));
        expect(hosts).to.deep.equal(HOSTS.map((name) => ({ name, type: "CNAME", value: cloudFrontDomain(`edge-${SITE_OF[name]}`) })));
    });
});
