import { Settings } from "../config/settings";

/** Where a request is sent. `api` is the API Gateway host; the others are S3 buckets read through OAC. */
export type EdgeOrigin = "console" | "vault-ui" | "api" | "user-content";
/** One CloudFront distribution each. */
export type EdgeSite = "console" | "vault" | "backend-api" | "config-api" | "user-content";
/** `disabled`: never cached. `optimized`: cached per origin Cache-Control. `short`: at most minutes (user content is overwritten in place). */
export type EdgeCaching = "disabled" | "optimized" | "short";
/** `all-viewer-except-host`: every viewer header but Host, all cookies and query strings. `none`: nothing of the viewer's. */
export type EdgeForwarding = "all-viewer-except-host" | "none";
/** The CloudFront Functions in `functions/`, by file name without `.js`. */
export type EdgeFunctionName = "tesseral-host" | "spa-rewrite";
/** How an SPA answers deep links: distribution-wide 403/404 -> /index.html, or a viewer function on its own behavior. */
export type SpaFallback = "error-responses" | "viewer-function";

/** One row of the routing table: a cache behavior of one distribution. */
export interface EdgeRoute {
    site: EdgeSite;
    /** The distribution's aliases (the same on every row of a site). */
    hosts: string[];
    /** CloudFront path pattern; `*` is the default behavior and is the last row of its site. */
    pathPattern: string;
    origin: EdgeOrigin;
    /** Prefix CloudFront puts in front of the path (the origin's `originPath`); "" for none. */
    originPath: string;
    forwarding: EdgeForwarding;
    caching: EdgeCaching;
    methods: "all" | "read";
    /** A viewer-request CloudFront Function run on this behavior. */
    viewerRequest?: EdgeFunctionName;
    /** Attach the security-headers response policy (HSTS, nosniff, frame and referrer policy). */
    securityHeaders: boolean;
    /** Set on the SPA row of an SPA site. */
    spaFallback?: SpaFallback;
    /** Why the row exists, for readers and the README diagram. */
    purpose: string;
}

/**
 * The edge's routing table, in the order CloudFront evaluates it: per site, the ordered behaviors
 * first and the default (`*`) last. The distributions are built from these rows, nothing else.
 */
export function edgeRoutes(s: Settings): EdgeRoute[] {
    const vaultHosts = [s.vaultDomain, `*.${s.authAppsRootDomain}`];
    const vaultApi = (pathPattern: string, what: string): EdgeRoute => ({
        site: "vault", hosts: vaultHosts, pathPattern, origin: "api", originPath: "",
        forwarding: "all-viewer-except-host", caching: "disabled", methods: "all",
        viewerRequest: "tesseral-host", securityHeaders: false,
        purpose: `${what}; x-tesseral-host := viewer Host (a client's value is overwritten); /api/internal/* but health and connect: 404`,
    });
    const apiHost = (site: EdgeSite, host: string, originPath: string, what: string): EdgeRoute => ({
        site, hosts: [host], pathPattern: "*", origin: "api", originPath,
        forwarding: "all-viewer-except-host", caching: "disabled", methods: "all", securityHeaders: false,
        purpose: `${what}: /X reaches the API as ${originPath}/X, Authorization passed, never cached`,
    });
    return [
        {
            site: "console", hosts: [s.consoleDomain], pathPattern: "*", origin: "console", originPath: "",
            forwarding: "none", caching: "optimized", methods: "read", securityHeaders: true,
            spaFallback: "error-responses", purpose: "console SPA; 403/404 -> /index.html (this distribution serves no API)",
        },
        vaultApi("/api/*", "vault API calls"),
        vaultApi("/.well-known/*", "OIDC/JWKS discovery"),
        {
            site: "vault", hosts: vaultHosts, pathPattern: "*", origin: "vault-ui", originPath: "",
            forwarding: "none", caching: "optimized", methods: "read", viewerRequest: "spa-rewrite",
            securityHeaders: true, spaFallback: "viewer-function",
            purpose: "vault-ui SPA; extension-less paths -> /index.html by a viewer function, so API errors stay errors",
        },
        apiHost("backend-api", s.backendApiDomain, "/api/backend", "backend API"),
        apiHost("config-api", s.configApiDomain, "/api/config-api", "config API"),
        {
            site: "user-content", hosts: [s.userContentDomain], pathPattern: "*", origin: "user-content", originPath: "",
            forwarding: "none", caching: "short", methods: "read", securityHeaders: true,
            purpose: "project logos from the user-content bucket",
        },
    ];
}

/** The sites in table order. */
export const EDGE_SITES: EdgeSite[] = ["console", "vault", "backend-api", "config-api", "user-content"];

/** The rows of one site, in evaluation order (default last). */
export function siteRoutes(routes: EdgeRoute[], site: EdgeSite): EdgeRoute[] {
    const rows = routes.filter((r) => r.site === site);
    const defaults = rows.filter((r) => r.pathPattern === "*");
    if (defaults.length !== 1 || rows[rows.length - 1] !== defaults[0]) {
        throw new Error(`routing table: site ${site} needs exactly one default (*) row, last`);
    }
    if (rows.some((r) => r.spaFallback === "error-responses") && rows.some((r) => r.origin === "api")) {
        throw new Error(`routing table: site ${site} serves the API, so it may not turn errors into index.html`);
    }
    return rows;
}

/** Every host name the edge answers, each once (wildcards included): the certificate's names. */
export function edgeHosts(routes: EdgeRoute[]): string[] {
    return [...new Set(routes.flatMap((r) => r.hosts))];
}

/** The origin id of a row inside its distribution (one origin per origin + prefix). */
export function originId(r: Pick<EdgeRoute, "origin" | "originPath">): string {
    return r.originPath ? `${r.origin}${r.originPath.replace(/\//g, "-")}` : r.origin;
}
