import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { EdgeFunctionName, EdgeOrigin, EdgeRoute, EdgeSite, originId } from "./routing";
import {
    ALL_METHODS, ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID, CACHED_METHODS, CACHING_DISABLED_POLICY_ID,
    CACHING_OPTIMIZED_POLICY_ID, HSTS_MAX_AGE_SECONDS, ORIGIN_VERIFY_HEADER, READ_METHODS, SHORT_CACHE_TTL,
} from "./policies";

/** The resources a distribution refers to, by what the routing table calls them. */
export interface EdgeRefs {
    /** Bucket regional domain names of the S3 origins, and the API host. */
    originDomains: Record<EdgeOrigin, pulumi.Input<string>>;
    originAccessControlId: pulumi.Input<string>;
    /** Sent to the API as `x-origin-verify` (secret). */
    originVerifySecret: pulumi.Input<string>;
    functionArns: Map<EdgeFunctionName, pulumi.Input<string>>;
    certificateArn: pulumi.Input<string>;
    securityHeadersPolicyId: pulumi.Input<string>;
    shortCachePolicyId: pulumi.Input<string>;
}

const S3_ORIGINS: EdgeOrigin[] = ["console", "vault-ui", "user-content"];
/** SPA deep links the console distribution answers with its page. */
const SPA_ERROR_CODES = [403, 404];

function cachePolicyId(r: EdgeRoute, refs: EdgeRefs): pulumi.Input<string> {
    switch (r.caching) {
        case "disabled": return CACHING_DISABLED_POLICY_ID;
        case "optimized": return CACHING_OPTIMIZED_POLICY_ID;
        case "short": return refs.shortCachePolicyId;
    }
}

/** One cache behavior of a routing-table row (without its path pattern). */
export function behavior(r: EdgeRoute, refs: EdgeRefs): aws.types.input.cloudfront.DistributionDefaultCacheBehavior {
    const fn = r.viewerRequest;
    const arn = fn ? refs.functionArns.get(fn) : undefined;
    if (fn && !arn) throw new Error(`edge: no CloudFront Function ${fn}`);
    return {
        targetOriginId: originId(r),
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: r.methods === "all" ? ALL_METHODS : READ_METHODS,
        cachedMethods: CACHED_METHODS,
        cachePolicyId: cachePolicyId(r, refs),
        originRequestPolicyId: r.forwarding === "all-viewer-except-host" ? ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID : undefined,
        compress: r.caching !== "disabled",
        functionAssociations: fn && arn ? [{ eventType: "viewer-request", functionArn: arn }] : [],
        responseHeadersPolicyId: r.securityHeaders ? refs.securityHeadersPolicyId : undefined,
    };
}

/** One origin per distinct (origin, prefix) of a site: S3 through OAC, the API over HTTPS with the verify header. */
export function origins(rows: EdgeRoute[], refs: EdgeRefs): aws.types.input.cloudfront.DistributionOrigin[] {
    const byId = new Map<string, EdgeRoute>();
    for (const r of rows) if (!byId.has(originId(r))) byId.set(originId(r), r);
    return [...byId.entries()].map(([id, r]) => S3_ORIGINS.includes(r.origin)
        ? { originId: id, domainName: refs.originDomains[r.origin], originAccessControlId: refs.originAccessControlId, originPath: r.originPath || undefined }
        : {
            originId: id,
            domainName: refs.originDomains[r.origin],
            originPath: r.originPath || undefined,
            customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
            customHeaders: [{ name: ORIGIN_VERIFY_HEADER, value: refs.originVerifySecret }],
        });
}

/** The arguments of one site's distribution, from its rows of the routing table (default row last). */
export function distributionArgs(site: EdgeSite, rows: EdgeRoute[], refs: EdgeRefs): aws.cloudfront.DistributionArgs {
    const last = rows[rows.length - 1];
    const errorPages = rows.some((r) => r.spaFallback === "error-responses");
    return {
        enabled: true,
        comment: `tesseral ${site}`,
        aliases: last.hosts,
        isIpv6Enabled: true,
        httpVersion: "http2and3",
        origins: origins(rows, refs),
        orderedCacheBehaviors: rows.slice(0, -1).map((r) => ({ pathPattern: r.pathPattern, ...behavior(r, refs) })),
        defaultCacheBehavior: behavior(last, refs),
        defaultRootObject: errorPages ? "index.html" : undefined,
        customErrorResponses: errorPages
            ? SPA_ERROR_CODES.map((errorCode) => ({ errorCode, responseCode: 200, responsePagePath: "/index.html", errorCachingMinTtl: 0 }))
            : [],
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: { acmCertificateArn: refs.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
    };
}

/** HSTS (2 years, sub-domains), nosniff, frame DENY, strict-origin-when-cross-origin: for the SPA and content hosts. */
export function securityHeadersConfig(): aws.types.input.cloudfront.ResponseHeadersPolicySecurityHeadersConfig {
    return {
        strictTransportSecurity: { accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, includeSubdomains: true, preload: false, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "DENY", override: true },
        referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
    };
}

/** The edge's own policies: security response headers, and the short cache of user content. */
export function edgePolicies(prefix: string, parent: pulumi.Resource): { securityHeadersPolicyId: pulumi.Output<string>; shortCachePolicyId: pulumi.Output<string> } {
    const headers = new aws.cloudfront.ResponseHeadersPolicy(`${prefix}-security-headers`, {
        comment: "tesseral: HSTS and friends",
        securityHeadersConfig: securityHeadersConfig(),
    }, { parent });
    const short = new aws.cloudfront.CachePolicy(`${prefix}-short-cache`, {
        comment: "tesseral: user content, overwritten in place",
        minTtl: SHORT_CACHE_TTL.min,
        defaultTtl: SHORT_CACHE_TTL.default,
        maxTtl: SHORT_CACHE_TTL.max,
        parametersInCacheKeyAndForwardedToOrigin: {
            enableAcceptEncodingGzip: true,
            enableAcceptEncodingBrotli: true,
            headersConfig: { headerBehavior: "none" },
            cookiesConfig: { cookieBehavior: "none" },
            queryStringsConfig: { queryStringBehavior: "none" },
        },
    }, { parent });
    return { securityHeadersPolicyId: headers.id, shortCachePolicyId: short.id };
}
