import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { DnsRecord } from "../data/mail";
import { EDGE_SITES, EdgeRoute, EdgeSite } from "./routing";

/** Each host of a site with its index in the site's aliases, in table order. */
export function siteHosts(routes: EdgeRoute[]): { site: EdgeSite; host: string; index: number }[] {
    return EDGE_SITES.flatMap((site) => {
        const row = routes.find((r) => r.site === site);
        return (row?.hosts ?? []).map((host, index) => ({ site, host, index }));
    });
}

/** CNAMEs of every host to its distribution's domain (for DNS outside Route 53). */
export function hostCnames(routes: EdgeRoute[], distributionDomains: Record<EdgeSite, string>): DnsRecord[] {
    return siteHosts(routes).map(({ site, host }) => ({
        name: host, type: "CNAME", value: distributionDomains[site], purpose: `${site} distribution`,
    }));
}

/** A and AAAA alias records of every host to its distribution, in the hosted zone. */
export function route53Aliases(
    prefix: string, routes: EdgeRoute[], distributions: Record<EdgeSite, aws.cloudfront.Distribution>, zoneId: string, parent: pulumi.Resource,
): aws.route53.Record[] {
    return siteHosts(routes).flatMap(({ site, host, index }) => (["A", "AAAA"] as const).map((type) => {
        const d = distributions[site];
        return new aws.route53.Record(`${prefix}-${site}-${index}-${type.toLowerCase()}`, {
            zoneId,
            name: host,
            type,
            aliases: [{ name: d.domainName, zoneId: d.hostedZoneId, evaluateTargetHealth: false }],
        }, { parent });
    }));
}
