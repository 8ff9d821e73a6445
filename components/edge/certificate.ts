import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { DnsRecord } from "../data/mail";

/** CloudFront only takes ACM certificates from this region. */
export const CERTIFICATE_REGION = "us-east-1";
const VALIDATION_TTL = 300;

/** The name ACM validates for a host: a wildcard is validated through its parent name. */
export function validationKey(host: string): string {
    return host.replace(/^\*\./, "");
}

/** The hosts whose validation records differ (`*.x` and `x` share one record), in order. */
export function validationHosts(hosts: string[]): string[] {
    const seen = new Set<string>();
    return hosts.filter((h) => {
        const k = validationKey(h);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
    });
}

/** The validation CNAMEs of a certificate, one per distinct record, as records to create. */
export function validationRecords(options: aws.types.output.acm.CertificateDomainValidationOption[] | undefined): DnsRecord[] {
    const byName = new Map<string, DnsRecord>();
    for (const o of options ?? []) {
        if (!byName.has(o.resourceRecordName)) {
            byName.set(o.resourceRecordName, {
                name: o.resourceRecordName, type: o.resourceRecordType, value: o.resourceRecordValue,
                purpose: `ACM validation for ${o.domainName}`,
            });
        }
    }
    return [...byName.values()];
}

export interface EdgeCertificateArgs {
    /** Every alias of every distribution; the first is the certificate's subject. */
    hosts: string[];
    /** When set, the validation records are created in this zone. */
    hostedZoneId: string | undefined;
}

/**
 * One DNS-validated ACM certificate in us-east-1 (through its own provider) for every alias of the
 * edge, wildcard included. `arn` is the validated certificate's: distributions wait for issuance.
 */
export class EdgeCertificate extends pulumi.ComponentResource {
    public readonly certificate: aws.acm.Certificate;
    public readonly arn: pulumi.Output<string>;
    /** The validation CNAMEs (created in Route 53 when a zone is given). */
    public readonly validationRecords: pulumi.Output<DnsRecord[]>;

    constructor(name: string, args: EdgeCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:EdgeCertificate", name, {}, opts);
        const [subject, ...alternatives] = args.hosts;
        // The per-resource region (@pulumi/aws 7), not a bare aws.Provider: the stack's provider
        // settings (aws:profile, aws:assumeRoles, aws:defaultTags, ...) apply to these too.
        const region = CERTIFICATE_REGION;

        // 1. The certificate, validated by DNS.
        this.certificate = new aws.acm.Certificate(`${name}-certificate`, {
            domainName: subject,
            subjectAlternativeNames: alternatives,
            validationMethod: "DNS",
            keyAlgorithm: "RSA_2048",
            region,
        }, { parent: this });
        this.validationRecords = this.certificate.domainValidationOptions.apply(validationRecords);

        // 2. Its validation records, one per distinct name, when the zone is ours.
        const fqdns = args.hostedZoneId ? this.route53Validation(name, args.hosts, args.hostedZoneId) : undefined;

        // 3. Wait for issuance (without a zone: until the user has created the records).
        const validation = new aws.acm.CertificateValidation(`${name}-validation`, {
            certificateArn: this.certificate.arn,
            validationRecordFqdns: fqdns,
            region,
        }, { parent: this, customTimeouts: { create: "2h" } });
        this.arn = validation.certificateArn;
        this.registerOutputs({ arn: this.arn, validationRecords: this.validationRecords });
    }

    private route53Validation(name: string, hosts: string[], zoneId: string): pulumi.Output<string>[] {
        return validationHosts(hosts).map((host, i) => {
            const option = this.certificate.domainValidationOptions.apply((all) => {
                const o = (all ?? []).find((x) => validationKey(x.domainName) === validationKey(host));
                if (!o) throw new Error(`ACM returned no validation option for ${host}`);
                return o;
            });
            return new aws.route53.Record(`${name}-validation-${i}`, {
                zoneId,
                name: option.resourceRecordName,
                type: option.resourceRecordType,
                records: [option.resourceRecordValue],
                ttl: VALIDATION_TTL,
                allowOverwrite: true,
            }, { parent: this }).fqdn;
        });
    }
}
