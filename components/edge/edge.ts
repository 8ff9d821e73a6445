import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as command from "@pulumi/command";
import { SpaBuild } from "../build/spa-build";
import { Settings } from "../config/settings";
import { DnsRecord } from "../data/mail";
import { EdgeCertificate } from "./certificate";
import { distributionArgs, edgePolicies } from "./distributions";
import { hostCnames, route53Aliases } from "./dns";
import { edgeFunctions } from "./functions";
import { EDGE_SITES, EdgeFunctionName, EdgeRoute, EdgeSite, edgeHosts, edgeRoutes, siteRoutes } from "./routing";
import { SiteBucket, cloudFrontReadBucketPolicy } from "./spa-site";
import { siteSyncStep } from "./sync";

export interface EdgeArgs {
    /** Validated settings: the domains, `hostedZoneId` and `protect` are read. */
    settings: Settings;
    /** The API Gateway host, e.g. `abc123.execute-api.us-west-2.amazonaws.com`. */
    apiOriginHost: pulumi.Input<string>;
    /** Sent to the API as `x-origin-verify` on every request (secret); the API refuses requests without it. */
    originVerifySecret: pulumi.Input<string>;
    consoleBuild: SpaBuild;
    consoleFingerprint: pulumi.Input<string>;
    vaultUiBuild: SpaBuild;
    vaultUiFingerprint: pulumi.Input<string>;
    /** The user-content bucket; the edge sets its policy (CloudFront read + TLS only). */
    userContent: { bucketName: pulumi.Input<string>; bucketArn: pulumi.Input<string>; bucketRegionalDomainName: pulumi.Input<string> };
    /** The region of the buckets (the publish steps talk to S3 there). */
    region: string;
}

/**
 * Everything a browser or SDK reaches: one CloudFront distribution per site of the routing table
 * (`edgeRoutes`), the two SPAs in private buckets with their publish steps, user content, one
 * us-east-1 certificate for every alias, and DNS (Route 53 records, or `dnsRecords` to create).
 *
 * @example
 * const edge = new Edge("auth-edge", { settings, apiOriginHost: api.host, originVerifySecret: api.verifySecret,
 *     consoleBuild, consoleFingerprint, vaultUiBuild, vaultUiFingerprint, userContent, region: "us-west-2" });
 * export const vaultUrl = edge.vaultUrl;
 */
export class Edge extends pulumi.ComponentResource {
    /** The routing table the distributions were built from. */
    public readonly routes: EdgeRoute[];
    public readonly distributions: Record<EdgeSite, aws.cloudfront.Distribution>;
    public readonly consoleUrl: pulumi.Output<string>;
    public readonly vaultUrl: pulumi.Output<string>;
    public readonly backendApiUrl: pulumi.Output<string>;
    public readonly configApiUrl: pulumi.Output<string>;
    public readonly userContentBaseUrl: pulumi.Output<string>;
    /** Records the user must create (empty when `hostedZoneId` is set: they are created in Route 53). */
    public readonly dnsRecords: pulumi.Output<DnsRecord[]>;
    /** The publish steps of the console and the vault UI. */
    public readonly publishSteps: { console: command.local.Command; vaultUi: command.local.Command };

    constructor(name: string, args: EdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:Edge", name, {}, opts);
        const s = args.settings;
        const parent = { parent: this };

        // 1. The routing table: every distribution below is built from it.
        this.routes = edgeRoutes(s);
        const bySite = Object.fromEntries(EDGE_SITES.map((site) => [site, siteRoutes(this.routes, site)])) as Record<EdgeSite, EdgeRoute[]>;

        // 2. One certificate in us-east-1 for every alias (wildcard included).
        const certificate = new EdgeCertificate(`${name}-cert`, { hosts: edgeHosts(this.routes), hostedZoneId: s.hostedZoneId }, parent);

        // 3. Private buckets of the two SPAs.
        const consoleSite = new SiteBucket(`${name}-console-site`, {}, parent);
        const vaultSite = new SiteBucket(`${name}-vault-ui-site`, {}, parent);

        // 4. What the distributions share: OAC, the CloudFront Functions, the policies.
        const oac = new aws.cloudfront.OriginAccessControl(`${name}-oac`, {
            description: "tesseral: CloudFront reads the private buckets",
            originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4",
        }, parent);
        const fnNames = this.routes.map((r) => r.viewerRequest).filter((f): f is EdgeFunctionName => f !== undefined);
        const functionArns = edgeFunctions(name, fnNames, this);
        const policies = edgePolicies(name, this);

        // 5. One distribution per site.
        const refs = {
            originDomains: {
                "console": consoleSite.bucket.bucketRegionalDomainName,
                "vault-ui": vaultSite.bucket.bucketRegionalDomainName,
                "user-content": args.userContent.bucketRegionalDomainName,
                "api": args.apiOriginHost,
            },
            originAccessControlId: oac.id,
            originVerifySecret: pulumi.secret(args.originVerifySecret),
            functionArns,
            certificateArn: certificate.arn,
            ...policies,
        };
        this.distributions = Object.fromEntries(EDGE_SITES.map((site) => [site,
            new aws.cloudfront.Distribution(`${name}-${site}`, distributionArgs(site, bySite[site], refs), parent)])) as Record<EdgeSite, aws.cloudfront.Distribution>;
        const d = this.distributions;

        // 6. Bucket policies: each bucket readable by its own distribution only, TLS only.
        const consolePolicy = cloudFrontReadBucketPolicy(`${name}-console-policy`, { name: consoleSite.bucket.bucket, arn: consoleSite.bucket.arn },
            d.console.arn, { parent: this, dependsOn: consoleSite.ready });
        const vaultPolicy = cloudFrontReadBucketPolicy(`${name}-vault-ui-policy`, { name: vaultSite.bucket.bucket, arn: vaultSite.bucket.arn },
            d.vault.arn, { parent: this, dependsOn: vaultSite.ready });
        cloudFrontReadBucketPolicy(`${name}-user-content-policy`, { name: args.userContent.bucketName, arn: args.userContent.bucketArn },
            d["user-content"].arn, { parent: this, retainOnDelete: s.protect });

        // 7. Publish the SPAs after each build: changed files only, invalidate only what changed.
        this.publishSteps = {
            console: siteSyncStep(`${name}-console-publish`, {
                build: args.consoleBuild, fingerprint: args.consoleFingerprint, bucket: consoleSite.bucket.bucket,
                distributionId: d.console.id, region: args.region, dependsOn: [consolePolicy],
            }, this),
            vaultUi: siteSyncStep(`${name}-vault-ui-publish`, {
                build: args.vaultUiBuild, fingerprint: args.vaultUiFingerprint, bucket: vaultSite.bucket.bucket,
                distributionId: d.vault.id, region: args.region, dependsOn: [vaultPolicy],
            }, this),
        };

        // 8. DNS: alias records in Route 53, or the records to create elsewhere.
        if (s.hostedZoneId) {
            route53Aliases(name, this.routes, d, s.hostedZoneId, this);
            this.dnsRecords = pulumi.output([]);
        } else {
            const domains = pulumi.all(Object.fromEntries(EDGE_SITES.map((site) => [site, d[site].domainName])) as Record<EdgeSite, pulumi.Output<string>>);
            this.dnsRecords = pulumi.all([certificate.validationRecords, domains])
                .apply(([validation, names]) => [...validation, ...hostCnames(this.routes, names as Record<EdgeSite, string>)]);
        }

        // 9. Outputs.
        const url = (host: string) => pulumi.output(`https://${host}`);
        this.consoleUrl = url(s.consoleDomain);
        this.vaultUrl = url(s.vaultDomain);
        this.backendApiUrl = url(s.backendApiDomain);
        this.configApiUrl = url(s.configApiDomain);
        this.userContentBaseUrl = url(s.userContentDomain);
        this.registerOutputs({
            consoleUrl: this.consoleUrl, vaultUrl: this.vaultUrl, backendApiUrl: this.backendApiUrl,
            configApiUrl: this.configApiUrl, userContentBaseUrl: this.userContentBaseUrl, dnsRecords: this.dnsRecords,
        });
    }
}
