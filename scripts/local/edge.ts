/**
 * The edge on this machine: an HTTPS server that answers every host of the recorded CloudFront
 * distributions. Each request goes through the CloudFront model of the tests (alias and behavior
 * match, the real CloudFront Function code, origin path, what each cache and origin-request policy
 * forwards, origin custom headers, custom error responses), and then to a real origin:
 * - the API origin: the origin-verify authorizer's real code with the value the program gives the
 *   authorizer function, then the running `api` (what API Gateway and the Web Adapter do);
 * - S3 origins: what the publish steps upload from the build folders (console, vault-ui), or the emulated
 *   user-content bucket. A missing object is a 403, as S3 answers a reader without ListBucket.
 */
import * as fs from "fs";
import * as http from "http";
import { readBody } from "./loopback-http";
import * as https from "https";
import * as path from "path";
import { lookup as mimeType } from "mime-types";
import { CloudFrontSim, OriginRequest } from "../../test/support/cloudfront-sim";
import { isPublished } from "../../components/edge/sync";
import { Recorder } from "../../test/support/recorder";
import { plain } from "../../test/support/values";
import { selfSignedCertificate } from "./tls";

export interface OriginAnswer {
    status: number;
    headers: Record<string, string | string[]>;
    body: Buffer;
}

export interface LocalEdgeOptions {
    recorder: Recorder;
    /** Port of the HTTPS listener (443 lets the browser use the URLs Tesseral builds). */
    port: number;
    /** Where the running API listens (http). */
    apiPort: number;
    /** Bucket name → folder holding what the publish step uploads. */
    siteFolders: Record<string, string>;
    /** Reads any other bucket's object (the emulated user-content bucket). */
    readObject: (bucket: string, key: string, headers: Record<string, string>) => Promise<OriginAnswer>;
}

export interface LocalEdge {
    hosts: string[];
    /** Every origin request, for tests (what reached the API, with which headers). */
    originLog: OriginRequest[];
    close(): Promise<void>;
}

/** The aliases of every recorded distribution. */
export function edgeAliases(rec: Recorder): string[] {
    return [...new Set(rec.ofType("aws:cloudfront/distribution:Distribution").flatMap((d) => (plain(d.inputs) as { aliases?: string[] }).aliases ?? []))];
}

/** The authorizer API Gateway runs before the API: the real handler, with the function's own environment. */
function loadAuthorizer(rec: Recorder): (headers: Record<string, string>) => boolean {
    const fn = rec.ofType("aws:lambda/function:Function").find((f) => {
        const env = (plain(f.inputs) as { environment?: { variables?: Record<string, string> } }).environment?.variables ?? {};
        return typeof env.ORIGIN_VERIFY_SECRET === "string";
    });
    if (!fn) throw new Error("no origin-verify authorizer function was recorded");
    const expected = (plain(fn.inputs) as { environment: { variables: Record<string, string> } }).environment.variables.ORIGIN_VERIFY_SECRET;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the authorizer's own code, plain JS
    const { authorize } = require("../../components/api/origin-verify/index.js") as { authorize(event: unknown, expected: string): boolean };
    return (headers) => authorize({ headers }, expected);
}

function bucketOf(origin: OriginRequest): string {
    return origin.domainName.replace(/\.s3\.[a-z0-9-]+\.amazonaws\.com$/, "");
}

function readFolder(folder: string, uriPath: string): OriginAnswer {
    const rel = decodeURIComponent(uriPath.split("?")[0]).replace(/^\/+/, "");
    const file = path.resolve(folder, rel);
    if (!file.startsWith(path.resolve(folder) + path.sep) || !isPublished(rel) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        return { status: 403, headers: { "content-type": "application/xml" }, body: Buffer.from("<Error><Code>AccessDenied</Code></Error>") };
    }
    return { status: 200, headers: { "content-type": mimeType(file) || "application/octet-stream" }, body: fs.readFileSync(file) };
}

function callApi(port: number, o: OriginRequest, body: Buffer): Promise<OriginAnswer> {
    return new Promise((resolve, reject) => {
        const headers = { ...o.headers };
        delete headers["x-origin-verify"]; // API Gateway's authorizer consumed it; the Web Adapter passes the rest
        const req = http.request({ host: "127.0.0.1", port, method: o.method, path: o.path, headers: { ...headers, "content-length": String(body.length) } }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: res.headers as Record<string, string | string[]>, body: Buffer.concat(chunks) }));
        });
        req.on("error", reject);
        req.end(body);
    });
}


/** Starts the edge; resolves once it listens. */
export async function startLocalEdge(opts: LocalEdgeOptions): Promise<LocalEdge> {
    const sim = CloudFrontSim.fromRecorder(opts.recorder);
    const authorized = loadAuthorizer(opts.recorder);
    const hosts = edgeAliases(opts.recorder);
    const originLog: OriginRequest[] = [];

    const fetchOrigin = async (o: OriginRequest, body: Buffer): Promise<OriginAnswer> => {
        originLog.push(o);
        if (o.kind === "custom") {
            if (!authorized(o.headers)) return { status: 403, headers: { "content-type": "application/json" }, body: Buffer.from('{"message":"Forbidden"}') };
            return callApi(opts.apiPort, o, body);
        }
        const bucket = bucketOf(o);
        const folder = opts.siteFolders[bucket];
        if (folder) return readFolder(folder, o.path);
        return opts.readObject(bucket, decodeURIComponent(o.path.split("?")[0].replace(/^\//, "")), o.headers);
    };

    const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
        const host = String(req.headers.host ?? "").replace(/:\d+$/, "");
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (k !== "host" && v !== undefined) headers[k] = Array.isArray(v) ? v.join(",") : v;
        const view = { host, method: req.method, path: req.url ?? "/", headers, scheme: "https" as const };
        const body = await readBody(req);
        const first = sim.request(view);
        if (first.originRequests.length === 0) {
            res.writeHead(first.status, first.location ? { location: first.location } : {});
            res.end();
            return;
        }
        const answer = await fetchOrigin(first.originRequests[0], body);
        // Custom error responses: the model decides from the origin's real status.
        const decided = sim.request(view, (o) => (o.path === first.originRequests[0].path && o.originId === first.originRequests[0].originId ? answer.status : 200));
        let status = answer.status;
        let out = answer;
        if (decided.originRequests.length > 1) {
            out = await fetchOrigin(decided.originRequests[decided.originRequests.length - 1], Buffer.alloc(0));
            status = decided.status;
        }
        const outHeaders = { ...out.headers };
        delete outHeaders["transfer-encoding"];
        delete outHeaders.connection;
        res.writeHead(status, outHeaders);
        res.end(out.body);
    };

    const server = https.createServer(selfSignedCertificate(hosts), (req, res) => {
        handle(req, res).catch((e: unknown) => {
            if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
            res.end(`local edge: ${e instanceof Error ? e.message : String(e)}`);
        });
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", (e: NodeJS.ErrnoException) => reject(e.code === "EACCES"
            ? new Error(`port ${opts.port} needs privileges: run as root, or let node bind low ports (sudo setcap cap_net_bind_service=+ep "$(command -v node)")`)
            : e.code === "EADDRINUSE" ? new Error(`port ${opts.port} (the local edge, HTTPS) is in use on 127.0.0.1: stop what listens there`) : e));
        server.listen(opts.port, "127.0.0.1", () => resolve());
    });
    return {
        hosts, originLog,
        close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
    };
}
