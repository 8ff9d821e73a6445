/**
 * A small, pure model of what CloudFront does with a viewer request, evaluated on the RECORDED
 * distributions, CloudFront Functions and policies of a run under mocks: alias match (wildcards
 * match one label, exact aliases win), behavior match in order (CloudFront path patterns),
 * viewer-protocol and allowed-methods checks, the viewer-request function executed on a real
 * CloudFront Functions event, origin path, what reaches the origin per cache and origin request
 * policy, origin custom headers, OAC signing, custom error responses.
 *
 * Its knowledge of AWS (managed policy ids and what they forward) is written here from AWS's
 * documentation, independently of the component, so a wrong id in the component fails a test.
 */
import * as crypto from "crypto";
import * as vm from "vm";
import { Recorder, RecordedResource } from "./recorder";
import { plain } from "./values";

type Obj = Record<string, unknown>;

/** What a cache or origin request policy puts into the origin request. */
interface Forwarding {
    headers: "none" | "all" | "all-except-host" | string[];
    cookies: boolean;
    queryStrings: boolean;
    /** A cache policy with every TTL 0 (caching disabled). */
    noCaching?: boolean;
}

/** AWS managed cache policies (docs: "Use managed cache policies"). */
const MANAGED_CACHE: Record<string, Forwarding> = {
    "4135ea2d-6df8-44a3-9df3-4b5a84be39ad": { headers: "none", cookies: false, queryStrings: false, noCaching: true }, // CachingDisabled
    "658327ea-f89d-4fab-a63d-7e88639e58f6": { headers: "none", cookies: false, queryStrings: false }, // CachingOptimized
};
/** AWS managed origin request policies (docs: "Use managed origin request policies"). */
const MANAGED_ORIGIN_REQUEST: Record<string, Forwarding> = {
    "216adef6-5c7f-47e4-b989-5492eafa07d3": { headers: "all", cookies: true, queryStrings: true }, // AllViewer
    "b689b0a8-53d0-40ab-baf2-68738e2966ac": { headers: "all-except-host", cookies: true, queryStrings: true }, // AllViewerExceptHostHeader
};
/** The one hosted zone every CloudFront distribution's alias records point at. */
export const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

export interface SimRequest {
    host: string;
    method?: string;
    /** Path with optional query string. */
    path: string;
    headers?: Record<string, string>;
    scheme?: "https" | "http";
}

export interface OriginRequest {
    originId: string;
    domainName: string;
    kind: "s3" | "custom";
    method: string;
    /** originPath + URI (+ query string when forwarded). */
    path: string;
    /** Lower-case header names, as the origin receives them (Host included). */
    headers: Record<string, string>;
    /** "sigv4" when CloudFront signs the request with origin access control. */
    signedWith?: string;
}

export interface SimResult {
    status: number;
    /** Name of the recorded distribution that answered. */
    distribution: string;
    /** The path pattern of the behavior that matched (`*` for the default). */
    behavior: string;
    /** Every request sent to an origin, in order; the last one's response reached the viewer. */
    originRequests: OriginRequest[];
    served?: OriginRequest;
    location?: string;
}

export interface SimOptions {
    /** The id the mocks gave a resource (staticMocks: `<name>-id`). */
    idOf?: (r: RecordedResource) => string;
    /** The ARN of a recorded function, as `edgeMockOutputs` makes it. */
    functionArnOf?: (r: RecordedResource) => string;
}

/** Outputs AWS would compute for the edge's resources, in the shape the simulator assumes. For `staticMocks(overrides)`. */
export function edgeMockOutputs(type: string, name: string, inputs: Obj): Obj | undefined {
    switch (type) {
        case "aws:cloudfront/distribution:Distribution":
            return {
                domainName: cloudFrontDomain(name), hostedZoneId: CLOUDFRONT_ZONE_ID,
                arn: `arn:aws:cloudfront::123456789012:distribution/${distributionId(name)}`,
            };
        case "aws:cloudfront/function:Function":
            return { arn: functionArn(name) };
        case "aws:acm/certificate:Certificate": {
            const names = [inputs.domainName as string, ...((inputs.subjectAlternativeNames as string[] | undefined) ?? [])];
            return {
                arn: `arn:aws:acm:us-east-1:123456789012:certificate/${name}`,
                domainValidationOptions: names.map((domainName) => {
                    const base = domainName.replace(/^\*\./, "");
                    const token = crypto.createHash("sha256").update(base).digest("hex").slice(0, 12);
                    return { domainName, resourceRecordName: `_${token}.${base}.`, resourceRecordType: "CNAME", resourceRecordValue: `_${token}.acm-validations.aws.` };
                }),
            };
        }
        case "aws:acm/certificateValidation:CertificateValidation":
            return { certificateArn: inputs.certificateArn };
        case "aws:route53/record:Record":
            return { fqdn: String(inputs.name).replace(/\.$/, "") };
        default:
            return undefined;
    }
}

export function distributionId(name: string): string {
    return "E" + crypto.createHash("sha256").update(name).digest("hex").slice(0, 13).toUpperCase();
}
export function cloudFrontDomain(name: string): string {
    return `d${crypto.createHash("sha256").update(name).digest("hex").slice(0, 13)}.cloudfront.net`;
}
export function functionArn(name: string): string {
    return `arn:aws:cloudfront::123456789012:function/${name}`;
}

interface Behavior { pathPattern: string; targetOriginId: string; viewerProtocolPolicy: string; allowedMethods: string[];
    cachePolicyId?: string; originRequestPolicyId?: string; functionAssociations?: { eventType: string; functionArn: string }[] }
interface Origin { originId: string; domainName: string; originPath?: string; originAccessControlId?: string;
    customOriginConfig?: Obj; customHeaders?: { name: string; value: string }[] }
interface Distribution { name: string; aliases: string[]; origins: Origin[]; behaviors: Behavior[]; defaultRootObject?: string;
    customErrorResponses: { errorCode: number; responseCode?: number; responsePagePath?: string }[] }

/** The CloudFront Functions event of a viewer request (docs: "CloudFront Functions event structure"). */
export function viewerRequestEvent(dist: { name: string }, method: string, uri: string, query: string, headers: Record<string, string>): Obj {
    const h: Record<string, { value: string }> = {};
    const cookies: Record<string, { value: string }> = {};
    for (const [k, v] of Object.entries(headers)) {
        if (k.toLowerCase() === "cookie") {
            for (const c of v.split(";")) {
                const [n, ...rest] = c.trim().split("=");
                if (n) cookies[n] = { value: rest.join("=") };
            }
        } else h[k.toLowerCase()] = { value: v };
    }
    const querystring: Record<string, { value: string; multiValue?: { value: string }[] }> = {};
    for (const part of query ? query.split("&") : []) {
        const [k, ...rest] = part.split("=");
        const value = rest.join("=");
        const prev = querystring[k];
        if (!prev) querystring[k] = { value };
        else querystring[k] = { value: prev.value, multiValue: [...(prev.multiValue ?? [{ value: prev.value }]), { value }] };
    }
    return {
        version: "1.0",
        context: { distributionDomainName: cloudFrontDomain(dist.name), distributionId: distributionId(dist.name), eventType: "viewer-request", requestId: "sim-request-1" },
        viewer: { ip: "198.51.100.7" },
        request: { method, uri, querystring, headers: h, cookies },
    };
}

/** Loads CloudFront Function source (a script declaring `handler`) into a fresh context and returns `handler`. */
export function loadHandler(code: string): (event: Obj) => Obj {
    const context = vm.createContext({});
    vm.runInContext(code, context, { timeout: 1000 });
    const handler = (context as Obj).handler;
    if (typeof handler !== "function") throw new Error("CloudFront Function code declares no handler");
    return handler as (event: Obj) => Obj;
}

/** CloudFront path pattern match: `*` any run of characters, `?` one character, case-sensitive, leading `/` optional. */
export function pathPatternMatches(pattern: string, uri: string): boolean {
    if (pattern === "*") return true;
    const p = pattern.startsWith("/") ? pattern : `/${pattern}`;
    const re = new RegExp("^" + p.split("").map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("") + "$");
    return re.test(uri);
}

/** Alias match: exact (case-insensitive), or `*.d` matching exactly one more label. */
export function aliasMatches(alias: string, host: string): boolean {
    const a = alias.toLowerCase();
    const h = host.toLowerCase();
    if (!a.startsWith("*.")) return a === h;
    const suffix = a.slice(1);
    return h.endsWith(suffix) && h.length > suffix.length && !h.slice(0, -suffix.length).includes(".");
}

export class CloudFrontSim {
    private constructor(
        private readonly distributions: Distribution[],
        private readonly functions: Map<string, (event: Obj) => Obj>,
        private readonly cachePolicies: Map<string, Forwarding>,
    ) {}

    /** Reads the recorded distributions, functions and cache policies of a run. */
    static fromRecorder(rec: Recorder, opts: SimOptions = {}): CloudFrontSim {
        const idOf = opts.idOf ?? ((r: RecordedResource) => `${r.name}-id`);
        const arnOf = opts.functionArnOf ?? ((r: RecordedResource) => functionArn(r.name));
        const functions = new Map<string, (event: Obj) => Obj>();
        for (const f of rec.ofType("aws:cloudfront/function:Function")) {
            const inputs = plain(f.inputs) as Obj;
            if (inputs.runtime !== "cloudfront-js-2.0") throw new Error(`function ${f.name}: runtime ${String(inputs.runtime)}`);
            if (inputs.publish !== true) throw new Error(`function ${f.name} is not published (its LIVE stage would be empty)`);
            functions.set(arnOf(f), loadHandler(inputs.code as string));
        }
        const cachePolicies = new Map<string, Forwarding>(Object.entries(MANAGED_CACHE));
        for (const p of rec.ofType("aws:cloudfront/cachePolicy:CachePolicy")) {
            const i = plain(p.inputs) as { maxTtl?: number; parametersInCacheKeyAndForwardedToOrigin: { headersConfig: { headerBehavior: string; headers?: { items?: string[] } };
                cookiesConfig: { cookieBehavior: string }; queryStringsConfig: { queryStringBehavior: string } } };
            const k = i.parametersInCacheKeyAndForwardedToOrigin;
            cachePolicies.set(idOf(p), {
                headers: k.headersConfig.headerBehavior === "whitelist" ? (k.headersConfig.headers?.items ?? []).map((x) => x.toLowerCase()) : "none",
                cookies: k.cookiesConfig.cookieBehavior === "all",
                queryStrings: k.queryStringsConfig.queryStringBehavior === "all",
                noCaching: i.maxTtl === 0,
            });
        }
        const distributions = rec.ofType("aws:cloudfront/distribution:Distribution").map((r): Distribution => {
            const i = plain(r.inputs) as Obj;
            const def = i.defaultCacheBehavior as Behavior;
            return {
                name: r.name,
                aliases: (i.aliases as string[]) ?? [],
                origins: i.origins as Origin[],
                behaviors: [...((i.orderedCacheBehaviors as Behavior[] | undefined) ?? []), { ...def, pathPattern: "*" }],
                defaultRootObject: (i.defaultRootObject as string | undefined) || undefined,
                customErrorResponses: (i.customErrorResponses as Distribution["customErrorResponses"] | undefined) ?? [],
            };
        });
        return new CloudFrontSim(distributions, functions, cachePolicies);
    }

    /**
     * What CloudFront does with `req`. `originStatus` answers each origin request (default 200);
     * custom error responses are applied to its answer.
     */
    request(req: SimRequest, originStatus: (o: OriginRequest) => number = () => 200): SimResult {
        const method = (req.method ?? "GET").toUpperCase();
        const dist = this.distributions.find((d) => d.aliases.some((a) => !a.startsWith("*.") && aliasMatches(a, req.host)))
            ?? this.distributions.find((d) => d.aliases.some((a) => aliasMatches(a, req.host)));
        if (!dist) throw new Error(`no distribution answers ${req.host}`);
        const [rawUri, query = ""] = req.path.split(/\?(.*)/s);
        const uri = rawUri === "/" && dist.defaultRootObject ? `/${dist.defaultRootObject}` : rawUri;
        const behavior = dist.behaviors.find((b) => pathPatternMatches(b.pathPattern, uri))!;
        const result: SimResult = { status: 200, distribution: dist.name, behavior: behavior.pathPattern, originRequests: [] };

        if ((req.scheme ?? "https") === "http" && behavior.viewerProtocolPolicy !== "allow-all") {
            if (behavior.viewerProtocolPolicy === "https-only") return { ...result, status: 403 };
            return { ...result, status: 301, location: `https://${req.host}${req.path}` };
        }
        if (!behavior.allowedMethods.includes(method)) return { ...result, status: 403 };

        const first = this.toOrigin(dist, behavior, method, uri, query, { ...(req.headers ?? {}), Host: req.host });
        if ("status" in first) return { ...result, status: first.status };
        result.originRequests.push(first);
        let status = originStatus(first);
        const custom = dist.customErrorResponses.find((e) => e.errorCode === status && e.responsePagePath);
        if (custom) {
            // CloudFront fetches the error page through the behavior its path matches.
            const page = custom.responsePagePath!;
            const pageBehavior = dist.behaviors.find((b) => pathPatternMatches(b.pathPattern, page))!;
            const fetched = this.toOrigin(dist, pageBehavior, "GET", page, "", { Host: req.host });
            if ("status" in fetched) return { ...result, status: fetched.status };
            result.originRequests.push(fetched);
            status = custom.responseCode ?? originStatus(fetched);
        }
        return { ...result, status, served: result.originRequests[result.originRequests.length - 1] };
    }

    private toOrigin(dist: Distribution, b: Behavior, method: string, uri0: string, query0: string, viewerHeaders: Record<string, string>): OriginRequest | { status: number } {
        let uri = uri0;
        let query = query0;
        let headers: Record<string, string> = Object.fromEntries(Object.entries(viewerHeaders).map(([k, v]) => [k.toLowerCase(), v]));
        const fn = (b.functionAssociations ?? []).find((f) => f.eventType === "viewer-request");
        if (fn) {
            const handler = this.functions.get(fn.functionArn);
            if (!handler) throw new Error(`${dist.name}: no recorded function with ARN ${fn.functionArn}`);
            const out = handler(viewerRequestEvent(dist, method, uri, query, headers)) as Obj;
            if (typeof out.statusCode === "number") return { status: out.statusCode };
            ({ uri, query, headers } = fromEventRequest(out));
        }
        const origin = dist.origins.find((o) => o.originId === b.targetOriginId);
        if (!origin) throw new Error(`${dist.name}: behavior ${b.pathPattern} targets a missing origin ${b.targetOriginId}`);
        const cache = b.cachePolicyId ? this.cachePolicies.get(b.cachePolicyId) : undefined;
        if (!cache) throw new Error(`${dist.name}: behavior ${b.pathPattern} has unknown cache policy ${b.cachePolicyId}`);
        const request = b.originRequestPolicyId ? MANAGED_ORIGIN_REQUEST[b.originRequestPolicyId] : undefined;
        if (b.originRequestPolicyId && !request) throw new Error(`${dist.name}: unknown origin request policy ${b.originRequestPolicyId}`);

        const kind = origin.customOriginConfig ? "custom" : "s3";
        const forwarded: Record<string, string> = {};
        const policyHeaders = [cache.headers, request?.headers ?? "none"];
        for (const [k, v] of Object.entries(headers)) {
            if (k === "cookie") continue;
            const inKey = Array.isArray(cache.headers) && cache.headers.includes(k);
            const all = policyHeaders.includes("all") || (policyHeaders.includes("all-except-host") && k !== "host");
            // Authorization goes to the origin only in the cache key, or with caching disabled.
            const allowed = k === "authorization" ? inKey || (all && cache.noCaching === true) : inKey || all;
            if (allowed) forwarded[k] = v;
        }
        if ((cache.cookies || request?.cookies) && headers.cookie) forwarded.cookie = headers.cookie;
        if (!forwarded.host) forwarded.host = origin.domainName;
        for (const h of origin.customHeaders ?? []) forwarded[h.name.toLowerCase()] = h.value;
        const signedWith = kind === "s3" && origin.originAccessControlId ? "sigv4" : undefined;
        if (signedWith) delete forwarded.authorization;
        const qs = cache.queryStrings || request?.queryStrings ? query : "";
        return {
            originId: origin.originId, domainName: origin.domainName, kind, method,
            path: `${origin.originPath ?? ""}${uri}${qs ? `?${qs}` : ""}`, headers: forwarded, signedWith,
        };
    }
}

function fromEventRequest(r: Obj): { uri: string; query: string; headers: Record<string, string> } {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((r.headers ?? {}) as Record<string, { value: string; multiValue?: { value: string }[] }>)) {
        headers[k.toLowerCase()] = v.multiValue ? v.multiValue.map((x) => x.value).join(",") : v.value;
    }
    const cookies = Object.entries((r.cookies ?? {}) as Record<string, { value: string }>).map(([k, v]) => `${k}=${v.value}`);
    if (cookies.length) headers.cookie = cookies.join("; ");
    const query = Object.entries((r.querystring ?? {}) as Record<string, { value: string; multiValue?: { value: string }[] }>)
        .flatMap(([k, v]) => (v.multiValue ?? [{ value: v.value }]).map((x) => `${k}=${x.value}`)).join("&");
    return { uri: r.uri as string, query, headers };
}

// ---------------------------------------------------------------------------------------------
// Evaluating the Edge component under mocks (shared by the edge-*.test.ts files).

import * as pulumi from "@pulumi/pulumi";
import { evaluateComponent } from "./component";
import { staticMocks } from "./aws-mocks";
import { SpaBuild } from "../../components/build/spa-build";
import { parseSettings } from "../../components/config/parse";
import { DnsRecord } from "../../components/data/mail";
import { SourceTree } from "../../components/source/source";
import { Edge } from "../../components/edge/edge";

export const EDGE_DOMAIN = "auth.example.com";
export const API_HOST = "abc123.execute-api.us-west-2.amazonaws.com";
export const VERIFY_SECRET = "origin-verify-0123456789abcdef";

export interface EdgeEvaluation { rec: Recorder; edge: Edge; dnsRecords: DnsRecord[]; sim: CloudFrontSim }

/** Builds an Edge (with two SpaBuilds of a fake source) under staticMocks + edgeMockOutputs. */
export async function evaluateEdge(opts: { hostedZoneId?: string; protect?: boolean } = {}): Promise<EdgeEvaluation> {
    let edge: Edge | undefined;
    const rec = await evaluateComponent(() => {
        const settings = parseSettings({ domain: EDGE_DOMAIN, rootUserEmail: "admin@example.com", hostedZoneId: opts.hostedZoneId, protect: opts.protect }, { fileExists: () => true });
        const source = { kind: "git", dir: ".tesseral/src/x", prepare: "", environment: { TESSERAL_SOURCE: ".tesseral/src/x" }, fingerprints: {} } as unknown as SourceTree;
        const consoleBuild = new SpaBuild("b-console", { source, folder: "console", outDir: ".tesseral/dev/console", fingerprint: "fp-console",
            buildEnvironment: { CONSOLE_API_URL: "https://vault.console.auth.example.com" } });
        const vaultUiBuild = new SpaBuild("b-vault-ui", { source, folder: "vault-ui", outDir: ".tesseral/dev/vault-ui", fingerprint: "fp-vault-ui" });
        edge = new Edge("edge", {
            settings, apiOriginHost: API_HOST, originVerifySecret: pulumi.secret(VERIFY_SECRET),
            consoleBuild, consoleFingerprint: "fp-console", vaultUiBuild, vaultUiFingerprint: "fp-vault-ui",
            userContent: { bucketName: "uc-bucket", bucketArn: "arn:aws:s3:::uc-bucket", bucketRegionalDomainName: "uc-bucket.s3.us-west-2.amazonaws.com" },
            region: "us-west-2",
        });
    }, { mocks: staticMocks(edgeMockOutputs) });
    const dnsRecords = await new Promise<DnsRecord[]>((resolve) => edge!.dnsRecords.apply(resolve));
    return { rec, edge: edge!, dnsRecords, sim: CloudFrontSim.fromRecorder(rec) };
}
