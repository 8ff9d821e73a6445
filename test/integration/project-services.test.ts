import * as fs from "fs";
import * as http from "http";
import * as tls from "tls";
import { expect } from "chai";
import { ProjectServices, startProjectServices, stripeAnswer, svixAnswer } from "../../scripts/local/project-services";

const KEYS = { stripeApiKey: "sk_test_unit", svixApiKey: "testsk_unit" };

/** One HTTPS request through the stand-in's proxy, trusting only its CA bundle (as the api does). */
function viaProxy(services: ProjectServices, host: string, method: string, p: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
    const proxy = new URL(services.env.HTTPS_PROXY);
    return new Promise((resolve, reject) => {
        const req = http.request({ host: proxy.hostname, port: Number(proxy.port), method: "CONNECT", path: `${host}:443` });
        req.on("connect", (res, socket) => {
            if (res.statusCode !== 200) return resolve({ status: res.statusCode ?? 0, body: "" });
            const secure = tls.connect({ socket, servername: host, ca: fs.readFileSync(services.env.SSL_CERT_FILE) }, () => {
                secure.write([`${method} ${p} HTTP/1.1`, `Host: ${host}`, "Connection: close", `Content-Length: ${Buffer.byteLength(body)}`,
                    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), "", body].join("\r\n"));
            });
            let raw = "";
            secure.on("data", (c: Buffer) => { raw += c.toString("utf8"); });
            secure.on("end", () => resolve({ status: Number(raw.split(" ")[1]), body: raw.slice(raw.indexOf("\r\n\r\n") + 4) }));
            secure.on("error", reject);
        });
        req.on("error", reject);
        req.end();
    });
}

describe("local Stripe and Svix stand-ins (what `npm run local` gives the api)", () => {
    let services: ProjectServices;
    before(async () => { services = await startProjectServices(KEYS); });
    after(async () => { await services.stop(); });

    it("answers Stripe's customer creation over TLS the CA bundle trusts, with the stack's key only", async () => {
        const ok = await viaProxy(services, "api.stripe.com", "POST", "/v1/customers", { Authorization: `Bearer ${KEYS.stripeApiKey}`, "Content-Type": "application/x-www-form-urlencoded" }, "name=Example&email=a%40example.com&metadata[tesseral_project_ids]=p1%2Cp2");
        expect(ok.status).to.equal(200);
        expect(JSON.parse(ok.body)).to.deep.include({ object: "customer", name: "Example", email: "a@example.com", metadata: { tesseral_project_ids: "p1,p2" } });
        const wrongKey = await viaProxy(services, "api.stripe.com", "POST", "/v1/customers", { Authorization: "Bearer sk_test_other" }, "");
        expect(wrongKey.status).to.equal(401);
    });

    it("answers Svix's application and message creation, on the regional hosts too", async () => {
        const auth = { Authorization: `Bearer ${KEYS.svixApiKey}`, "Content-Type": "application/json" };
        const app = await viaProxy(services, "api.eu.svix.com", "POST", "/api/v1/app", auth, JSON.stringify({ name: "Example" }));
        expect(app.status).to.equal(201);
        const { id, name, createdAt } = JSON.parse(app.body) as Record<string, string>;
        expect([name, Number.isNaN(Date.parse(createdAt))]).to.deep.equal(["Example", false]);
        const msg = await viaProxy(services, "api.svix.com", "POST", `/api/v1/app/${id}/msg`, auth, JSON.stringify({ eventType: "sync.user", payload: { userId: "u" } }));
        expect([msg.status, (JSON.parse(msg.body) as { eventType: string }).eventType]).to.deep.equal([202, "sync.user"]);
    });

    it("refuses every other host (nothing leaves the machine) and records calls without their keys", async () => {
        const other = await viaProxy(services, "example.com", "GET", "/", {}, "");
        expect(other.status).to.equal(403);
        expect(services.calls.map((c) => c.host)).to.include("example.com");
        expect(JSON.stringify(services.calls)).to.not.include(KEYS.stripeApiKey).and.not.include(KEYS.svixApiKey);
    });

    it("answers only the calls Tesseral makes; others get the service's 404 shape", () => {
        expect(stripeAnswer("GET", "/v1/charges", new URLSearchParams(), 1).status).to.equal(404);
        expect(svixAnswer("DELETE", "/api/v1/app/x", {}, 1).status).to.equal(404);
        expect(svixAnswer("POST", "/api/v1/auth/app-portal-access/app_1", {}, 1).status).to.equal(200);
    });
});
