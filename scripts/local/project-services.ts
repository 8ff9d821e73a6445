/**
 * Loopback stand-ins for Stripe and Svix, the two services Tesseral calls when it creates a project
 * (a Stripe customer, a Svix application) and, for Svix, on every user or organization change.
 *
 * Tesseral builds both clients with their default base URLs (api.stripe.com, api[.<region>].svix.com)
 * and Go's default transport, which honours HTTPS_PROXY and SSL_CERT_FILE. So the local api gets
 * `HTTPS_PROXY` pointing here and a CA bundle that trusts this stand-in's certificate; this proxy
 * answers CONNECT for those hosts only, ends TLS itself and answers the few calls Tesseral makes.
 * Loopback targets (the AWS emulator) never use the proxy (Go skips it for loopback addresses).
 * Every other host is refused: nothing leaves the machine.
 */
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as tls from "tls";
import { selfSignedCertificate } from "./tls";
import { readBody } from "./loopback-http";

/** The hosts Tesseral's Stripe and Svix clients call (svix-go picks a region from the key's suffix). */
export const STRIPE_HOST = "api.stripe.com";
export const SVIX_HOSTS = ["api.svix.com", ...["us", "eu", "in", "ca", "au"].map((r) => `api.${r}.svix.com`)];

/** One call a stand-in answered (never its credentials). */
export interface ServiceCall {
    host: string;
    method: string;
    path: string;
    /** Whether the call carried the API key the stack was given. */
    authorized: boolean;
    status: number;
}

export interface ProjectServices {
    /** What the api process needs in its environment to reach the stand-ins. */
    env: { HTTPS_PROXY: string; SSL_CERT_FILE: string };
    calls: ServiceCall[];
    stop(): Promise<void>;
}

interface Answer { status: number; body: unknown }

const now = (): string => new Date().toISOString();

/** Stripe: create a customer (form-encoded). Anything else is a Stripe-shaped 404. Pure. */
export function stripeAnswer(method: string, urlPath: string, form: URLSearchParams, seq: number): Answer {
    if (method === "POST" && urlPath === "/v1/customers") {
        const metadata: Record<string, string> = {};
        for (const [k, v] of form) {
            const m = /^metadata\[(.+)\]$/.exec(k);
            if (m) metadata[m[1]] = v;
        }
        return { status: 200, body: { id: `cus_local${String(seq).padStart(10, "0")}`, object: "customer", name: form.get("name"), email: form.get("email"), metadata, livemode: false } };
    }
    return { status: 404, body: { error: { type: "invalid_request_error", message: `the local Stripe stand-in does not serve ${method} ${urlPath}` } } };
}

/** Svix: create an application, create a message, app-portal access. Anything else: 404. Pure. */
export function svixAnswer(method: string, urlPath: string, body: Record<string, unknown>, seq: number): Answer {
    const created = { createdAt: now(), updatedAt: now() };
    if (method === "POST" && urlPath === "/api/v1/app") {
        return { status: 201, body: { id: `app_local${seq}`, name: body.name ?? "", metadata: body.metadata ?? {}, ...created } };
    }
    let m = /^\/api\/v1\/app\/([^/]+)\/msg$/.exec(urlPath);
    if (method === "POST" && m) {
        return { status: 202, body: { id: `msg_local${seq}`, eventType: body.eventType ?? "", payload: body.payload ?? {}, timestamp: now() } };
    }
    m = /^\/api\/v1\/auth\/app-portal-access\/([^/]+)$/.exec(urlPath);
    if (method === "POST" && m) {
        return { status: 200, body: { url: `https://app.svix.com/login#key=local-stand-in-${m[1]}`, token: `appsk_local_${m[1]}` } };
    }
    return { status: 404, body: { code: "not_found", detail: `the local Svix stand-in does not serve ${method} ${urlPath}` } };
}

/** A CA bundle of the system's roots plus the stand-in's certificate, for SSL_CERT_FILE. */
function writeCaBundle(cert: Buffer): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-project-services-"));
    const system = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"].find((f) => fs.existsSync(f));
    const file = path.join(dir, "ca-bundle.pem");
    fs.writeFileSync(file, Buffer.concat([system ? fs.readFileSync(system) : Buffer.alloc(0), Buffer.from("\n"), cert]));
    return file;
}

/**
 * Starts the stand-ins behind an HTTPS proxy on an ephemeral loopback port. `keys` are the API keys
 * the stack was given: a call is answered only when it carries its service's key (401 otherwise,
 * as the real services answer), which shows the key reached the api through its secret.
 */
export async function startProjectServices(keys: { stripeApiKey: string; svixApiKey: string }): Promise<ProjectServices> {
    const { cert, key } = selfSignedCertificate([STRIPE_HOST, ...SVIX_HOSTS]);
    const caFile = writeCaBundle(cert);
    const secureContext = tls.createSecureContext({ cert, key });
    const calls: ServiceCall[] = [];
    let seq = 0;

    const services = http.createServer((req, res) => {
        void (async () => {
            const host = (req.headers.host ?? "").replace(/:\d+$/, "");
            const urlPath = new URL(req.url ?? "/", "https://x").pathname;
            const raw = (await readBody(req)).toString("utf8");
            const auth = req.headers.authorization ?? "";
            seq += 1;
            let answer: Answer;
            let authorized: boolean;
            if (host === STRIPE_HOST) {
                // stripe-go sends the key as a Bearer token.
                authorized = auth === `Bearer ${keys.stripeApiKey}`;
                answer = authorized ? stripeAnswer(req.method ?? "GET", urlPath, new URLSearchParams(raw), seq)
                    : { status: 401, body: { error: { type: "invalid_request_error", message: "Invalid API Key provided" } } };
            } else {
                authorized = auth === `Bearer ${keys.svixApiKey}`;
                const body = raw ? JSON.parse(raw) as Record<string, unknown> : {};
                answer = authorized ? svixAnswer(req.method ?? "GET", urlPath, body, seq)
                    : { status: 401, body: { code: "authentication_failed", detail: "Invalid token" } };
            }
            calls.push({ host, method: req.method ?? "GET", path: urlPath, authorized, status: answer.status });
            const json = JSON.stringify(answer.body);
            res.writeHead(answer.status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
            res.end(json);
        })().catch((e: unknown) => {
            res.writeHead(500, { "content-type": "application/json" });
            res.end(JSON.stringify({ error: String(e) }));
        });
    });

    const proxy = http.createServer((_req, res) => {
        res.writeHead(405);
        res.end("CONNECT only\n");
    });
    const sockets = new Set<net.Socket>();
    proxy.on("connect", (req: http.IncomingMessage, socket: net.Socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        socket.on("error", () => socket.destroy());
        const host = (req.url ?? "").replace(/:443$/, "");
        if (host !== STRIPE_HOST && !SVIX_HOSTS.includes(host)) {
            calls.push({ host, method: "CONNECT", path: "", authorized: false, status: 403 });
            socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
            return;
        }
        socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        const secure = new tls.TLSSocket(socket, { isServer: true, secureContext });
        secure.on("error", () => socket.destroy());
        services.emit("connection", secure);
    });
    await new Promise<void>((resolve, reject) => {
        proxy.once("error", reject);
        proxy.listen(0, "127.0.0.1", () => resolve());
    });
    const port = (proxy.address() as net.AddressInfo).port;
    return {
        env: { HTTPS_PROXY: `http://127.0.0.1:${port}`, SSL_CERT_FILE: caFile },
        calls,
        stop: () => new Promise<void>((resolve) => {
            for (const s of sockets) s.destroy();
            proxy.close(() => {
                fs.rmSync(path.dirname(caFile), { recursive: true, force: true });
                resolve();
            });
        }),
    };
}
