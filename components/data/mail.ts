import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

/** One DNS record an SES sending domain needs. */
export interface DnsRecord {
    name: string;
    type: string;
    value: string;
    purpose: string;
}

export interface MailArgs {
    vaultDomain: string;
    authAppsRootDomain: string;
    region: string;
    /** When set, the DNS records are created in this Route53 hosted zone; otherwise none are. */
    hostedZoneId?: string;
}

/** SES Easy DKIM always hands out three tokens per identity. */
const DKIM_TOKEN_COUNT = 3;
const DNS_TTL = 600;
const MX_PRIORITY = 10;
const SPF_VALUE = "v=spf1 include:amazonses.com ~all";

/** The SES feedback endpoint a custom MAIL FROM domain's MX record points at. */
export function SES_SPF_MX_RECORD_VALUE(region: string): string {
    return `feedback-smtp.${region}.amazonses.com`;
}

/** The custom MAIL FROM domain of a sending domain. */
export function mailFromDomain(sendingDomain: string): string {
    return `bounce.${sendingDomain}`;
}

/** DKIM CNAMEs plus the MAIL FROM MX and SPF records one SES sending domain needs. */
export function mailDnsRecords(sendingDomain: string, dkimTokens: string[], region: string): DnsRecord[] {
    const bounce = mailFromDomain(sendingDomain);
    return [
        ...dkimTokens.map((token) => ({
            name: `${token}._domainkey.${sendingDomain}`,
            type: "CNAME",
            value: `${token}.dkim.amazonses.com`,
            purpose: `DKIM for ${sendingDomain}`,
        })),
        { name: bounce, type: "MX", value: `${MX_PRIORITY} ${SES_SPF_MX_RECORD_VALUE(region)}`, purpose: `MAIL FROM MX for ${sendingDomain}` },
        { name: bounce, type: "TXT", value: SPF_VALUE, purpose: `MAIL FROM SPF for ${sendingDomain}` },
    ];
}

/** The DKIM tokens SES has handed out so far: none while an identity's DKIM is not set up. Pure. */
export function knownDkimTokens(tokens: readonly string[] | undefined | null): string[] {
    return (tokens ?? []).filter((t): t is string => typeof t === "string" && t !== "");
}

interface SendingDomain {
    /** Short, static key used in child resource names. */
    key: string;
    domain: string;
}

/** SES v2 sending identities (Easy DKIM, custom MAIL FROM) for Tesseral, plus their DNS records. */
export class Mail extends pulumi.ComponentResource {
    public readonly identities: aws.sesv2.EmailIdentity[];
    public readonly dnsRecords: pulumi.Output<DnsRecord[]>;
    public readonly sesIdentities: string[];

    constructor(name: string, args: MailArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:Mail", name, {}, opts);
        const domains = sendingDomains(args);
        this.identities = domains.map((d) => this.identity(name, d));
        domains.forEach((d, i) => this.mailFrom(name, d, this.identities[i]));
        const perDomain = domains.map((d, i) => this.recordsFor(d, this.identities[i], args.region));
        const zoneId = args.hostedZoneId;
        if (zoneId) domains.forEach((d, i) => this.route53Records(name, d, this.identities[i], args.region, zoneId));
        this.dnsRecords = pulumi.all(perDomain).apply((lists) => lists.flat());
        this.sesIdentities = domains.map((d) => d.domain);
        this.registerOutputs({ dnsRecords: this.dnsRecords, sesIdentities: this.sesIdentities });
    }

    private identity(name: string, d: SendingDomain): aws.sesv2.EmailIdentity {
        return new aws.sesv2.EmailIdentity(`${name}-${d.key}`, {
            emailIdentity: d.domain,
            dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" },
        }, { parent: this });
    }

    private mailFrom(name: string, d: SendingDomain, identity: aws.sesv2.EmailIdentity): void {
        new aws.sesv2.EmailIdentityMailFromAttributes(`${name}-${d.key}-mail-from`, {
            emailIdentity: identity.emailIdentity,
            mailFromDomain: mailFromDomain(d.domain),
            behaviorOnMxFailure: "USE_DEFAULT_VALUE",
        }, { parent: this });
    }

    private recordsFor(d: SendingDomain, identity: aws.sesv2.EmailIdentity, region: string): pulumi.Output<DnsRecord[]> {
        return identity.dkimSigningAttributes.apply((a) => mailDnsRecords(d.domain, knownDkimTokens(a?.tokens), region));
    }

    /** Exactly 3 DKIM CNAMEs (tokens[0..2]) + MX + TXT, so the record count is known before the tokens are. */
    private route53Records(name: string, d: SendingDomain, identity: aws.sesv2.EmailIdentity, region: string, zoneId: string): void {
        const record = (suffix: string, r: pulumi.Output<DnsRecord>) => new aws.route53.Record(`${name}-${d.key}-${suffix}`, {
            zoneId,
            name: r.name,
            type: r.type,
            ttl: DNS_TTL,
            records: [r.value],
        }, { parent: this });
        const tokens = identity.dkimSigningAttributes.apply((a) => knownDkimTokens(a?.tokens));
        for (let i = 0; i < DKIM_TOKEN_COUNT; i++) {
            record(`dkim-${i}`, tokens.apply((t): DnsRecord => {
                if (t[i]) return mailDnsRecords(d.domain, [t[i]], region)[0];
                // Not known yet (an identity read back before SES set up DKIM): unknown in a preview.
                if (pulumi.runtime.isDryRun()) return pulumi.unknown as unknown as DnsRecord;
                throw new Error(`SES identity ${d.domain}: expected ${DKIM_TOKEN_COUNT} DKIM tokens, got ${t.length}`);
            }));
        }
        const [mx, spf] = mailDnsRecords(d.domain, [], region);
        record("mx", pulumi.output(mx));
        record("spf", pulumi.output(spf));
    }
}

function sendingDomains(args: MailArgs): SendingDomain[] {
    return [
        { key: "vault", domain: `mail.${args.vaultDomain}` },
        { key: "auth-apps", domain: `mail.${args.authAppsRootDomain}` },
    ];
}
