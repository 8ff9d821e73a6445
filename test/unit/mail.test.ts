import { expect } from "chai";
import { evaluateComponent } from "../support/component";
import { staticMocks } from "../support/aws-mocks";
import { Recorder } from "../support/recorder";
import { DnsRecord, Mail, MailArgs, SES_SPF_MX_RECORD_VALUE, knownDkimTokens, mailDnsRecords } from "../../components/data/mail";

const IDENTITY = "aws:sesv2/emailIdentity:EmailIdentity";
const MAIL_FROM = "aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes";
const RECORD = "aws:route53/record:Record";
const ZONE = "Z0123456789ABCDEFGHIJ";
const VAULT_MAIL = "mail.vault.console.auth.example.com";
const APPS_MAIL = "mail.vaults.auth.example.com";
const ARGS: MailArgs = { vaultDomain: "vault.console.auth.example.com", authAppsRootDomain: "vaults.auth.example.com", region: "us-west-2" };

const WITH_TOKENS = { nextSigningKeyLength: "RSA_2048_BIT", tokens: ["tok1", "tok2", "tok3"] };
const mocks = (dkim: unknown) => staticMocks((type) => type === IDENTITY ? { dkimSigningAttributes: dkim } : undefined);

/** `state.dkimSigningAttributes` as the provider returns it (default: three tokens). */
async function evaluate(args: MailArgs, state: { dkim?: unknown } = { dkim: WITH_TOKENS }): Promise<{ rec: Recorder; dns: DnsRecord[] }> {
    let mail: Mail | undefined;
    const rec = await evaluateComponent(() => { mail = new Mail("mail", args); }, { mocks: mocks(state.dkim) });
    const dns = await new Promise<DnsRecord[]>((resolve) => mail!.dnsRecords.apply(resolve));
    return { rec, dns };
}

describe("knownDkimTokens", () => {
    it("treats missing tokens as none known yet", async () => {
        expect(knownDkimTokens(undefined)).to.deep.equal([]);
        expect(knownDkimTokens(null)).to.deep.equal([]);
        expect(knownDkimTokens(["a", "", "b"])).to.deep.equal(["a", "b"]);
    });
});

describe("mailDnsRecords", () => {
    it("lists three DKIM CNAMEs, the MAIL FROM MX and SPF", async () => {
        const records = mailDnsRecords("mail.example.com", ["a1", "b2", "c3"], "eu-west-1");
        expect(records.map(({ name, type, value }) => ({ name, type, value }))).to.deep.equal([
            { name: "a1._domainkey.mail.example.com", type: "CNAME", value: "a1.dkim.amazonses.com" },
            { name: "b2._domainkey.mail.example.com", type: "CNAME", value: "b2.dkim.amazonses.com" },
            { name: "c3._domainkey.mail.example.com", type: "CNAME", value: "c3.dkim.amazonses.com" },
            { name: "bounce.mail.example.com", type: "MX", value: "10 feedback-smtp.eu-west-1.amazonses.com" },
            { name: "bounce.mail.example.com", type: "TXT", value: "v=spf1 include:amazonses.com ~all" },
        ]);
        expect(records.every((r) => r.purpose.length > 0)).to.equal(true);
    });

    it("names the SES feedback endpoint of the region", async () => {
        expect(SES_SPF_MX_RECORD_VALUE("us-east-1")).to.equal("feedback-smtp.us-east-1.amazonses.com");
    });
});

describe("Mail", () => {
    it("creates an Easy DKIM identity per sending domain", async () => {
        const { rec } = await evaluate(ARGS);
        const ids = rec.ofType(IDENTITY);
        expect(ids.map((r) => r.inputs.emailIdentity)).to.have.members([VAULT_MAIL, APPS_MAIL]);
        expect(ids).to.have.length(2);
        expect(ids.every((r) => (r.inputs.dkimSigningAttributes as Record<string, unknown>).nextSigningKeyLength === "RSA_2048_BIT")).to.equal(true);
        expect(ids.every((r) => r.parent === rec.ofType("tesseral-aws:index:Mail")[0].urn)).to.equal(true);
    });

    it("gives each identity a bounce.<domain> MAIL FROM domain", async () => {
        const { rec } = await evaluate(ARGS);
        const mailFrom = rec.ofType(MAIL_FROM).map((r) => ({ identity: r.inputs.emailIdentity, domain: r.inputs.mailFromDomain, mx: r.inputs.behaviorOnMxFailure }));
        expect(mailFrom).to.have.deep.members([
            { identity: VAULT_MAIL, domain: `bounce.${VAULT_MAIL}`, mx: "USE_DEFAULT_VALUE" },
            { identity: APPS_MAIL, domain: `bounce.${APPS_MAIL}`, mx: "USE_DEFAULT_VALUE" },
        ]);
    });

    it("creates 10 Route53 records in the hosted zone when one is given", async () => {
        const { rec, dns } = await evaluate({ ...ARGS, hostedZoneId: ZONE });
        const records = rec.ofType(RECORD);
        expect(records).to.have.length(10);
        expect(records.every((r) => r.inputs.zoneId === ZONE && r.inputs.ttl === 600)).to.equal(true);
        const got = records.map((r) => ({ name: r.inputs.name, type: r.inputs.type, records: r.inputs.records }));
        const want = dns.map((d) => ({ name: d.name, type: d.type, records: [d.value] }));
        expect(got).to.have.deep.members(want);
        expect(got).to.deep.include({ name: `tok1._domainkey.${VAULT_MAIL}`, type: "CNAME", records: ["tok1.dkim.amazonses.com"] });
        expect(got).to.deep.include({ name: `bounce.${APPS_MAIL}`, type: "MX", records: ["10 feedback-smtp.us-west-2.amazonses.com"] });
        expect(got).to.deep.include({ name: `bounce.${APPS_MAIL}`, type: "TXT", records: ["v=spf1 include:amazonses.com ~all"] });
    });

    it("creates no Route53 records without a hosted zone, but still lists them", async () => {
        const { rec, dns } = await evaluate(ARGS);
        expect(rec.ofType(RECORD)).to.have.length(0);
        expect(dns).to.have.length(10);
        expect(dns.filter((d) => d.type === "CNAME").map((d) => d.name)).to.deep.equal([
            `tok1._domainkey.${VAULT_MAIL}`, `tok2._domainkey.${VAULT_MAIL}`, `tok3._domainkey.${VAULT_MAIL}`,
            `tok1._domainkey.${APPS_MAIL}`, `tok2._domainkey.${APPS_MAIL}`, `tok3._domainkey.${APPS_MAIL}`,
        ]);
        expect(dns.filter((d) => d.type === "MX").map((d) => d.name)).to.deep.equal([`bounce.${VAULT_MAIL}`, `bounce.${APPS_MAIL}`]);
    });

    it("lists the MAIL FROM records, and no DKIM ones yet, for identities whose state has no DKIM tokens", async () => {
        for (const dkim of [{ nextSigningKeyLength: "RSA_2048_BIT" }, undefined]) {
            const { dns } = await evaluate(ARGS, { dkim });
            expect(dns.map((d) => d.type).sort(), JSON.stringify(dkim)).to.deep.equal(["MX", "MX", "TXT", "TXT"]);
        }
    });
});
