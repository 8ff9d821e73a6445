import { expect } from "chai";
import { parseSettings } from "../../components/config/parse";
import { edgeHosts, edgeRoutes, siteRoutes } from "../../components/edge/routing";
import { API_HOST, EdgeEvaluation, OriginRequest, VERIFY_SECRET, aliasMatches, evaluateEdge, pathPatternMatches } from "../support/cloudfront-sim";

const settings = parseSettings({ domain: "auth.example.com", rootUserEmail: "admin@example.com" }, { fileExists: () => true });
const CONSOLE = "console.auth.example.com";
const VAULT = "vault.console.auth.example.com";
const TENANT = "project-0123456789abcdefghijklmno.vaults.auth.example.com";

describe("edge routing table", () => {
    it("routes each host and path to the origin the self-hosting guide names", async () => {
        const rows = edgeRoutes(settings).map((r) => ({ site: r.site, hosts: r.hosts, path: r.pathPattern, origin: r.origin, prefix: r.originPath, fn: r.viewerRequest }));
        expect(rows).to.deep.equal([
            { site: "console", hosts: [CONSOLE], path: "*", origin: "console", prefix: "", fn: undefined },
            { site: "vault", hosts: [VAULT, "*.vaults.auth.example.com"], path: "/api/*", origin: "api", prefix: "", fn: "tesseral-host" },
            { site: "vault", hosts: [VAULT, "*.vaults.auth.example.com"], path: "/.well-known/*", origin: "api", prefix: "", fn: "tesseral-host" },
            { site: "vault", hosts: [VAULT, "*.vaults.auth.example.com"], path: "*", origin: "vault-ui", prefix: "", fn: "spa-rewrite" },
            { site: "backend-api", hosts: ["api.auth.example.com"], path: "*", origin: "api", prefix: "/api/backend", fn: undefined },
            { site: "config-api", hosts: ["config.auth.example.com"], path: "*", origin: "api", prefix: "/api/config-api", fn: undefined },
            { site: "user-content", hosts: ["usercontent.auth.example.com"], path: "*", origin: "user-content", prefix: "", fn: undefined },
        ]);
    });

    it("never caches the API and forwards all viewer values to it; SPA rows forward nothing", async () => {
        for (const r of edgeRoutes(settings)) {
            if (r.origin === "api") expect({ c: r.caching, f: r.forwarding, m: r.methods }, r.purpose).to.deep.equal({ c: "disabled", f: "all-viewer-except-host", m: "all" });
            else expect({ f: r.forwarding, m: r.methods }, r.purpose).to.deep.equal({ f: "none", m: "read" });
        }
    });

    it("refuses a table where a site serving the API would turn errors into index.html", async () => {
        const rows = edgeRoutes(settings).map((r) => (r.site === "vault" && r.pathPattern === "*" ? { ...r, spaFallback: "error-responses" as const } : r));
        expect(() => siteRoutes(rows, "vault")).to.throw(/serves the API/);
        expect(() => siteRoutes(edgeRoutes(settings).reverse(), "vault")).to.throw(/default/);
    });

    it("lists every alias once for the certificate, wildcard included", async () => {
        expect(edgeHosts(edgeRoutes(settings))).to.deep.equal([
            CONSOLE, VAULT, "*.vaults.auth.example.com", "api.auth.example.com", "config.auth.example.com", "usercontent.auth.example.com",
        ]);
    });
});

describe("CloudFront semantics of the simulator", () => {
    it("matches path patterns and wildcard aliases as CloudFront does", async () => {
        expect(pathPatternMatches("/api/*", "/api/frontend/v1/me")).to.equal(true);
        expect(pathPatternMatches("api/*", "/api/x")).to.equal(true);
        expect(pathPatternMatches("/api/*", "/api")).to.equal(false);
        expect(pathPatternMatches("/api/*", "/API/x")).to.equal(false);
        expect(pathPatternMatches("/.well-known/*", "/.well-known/jwks.json")).to.equal(true);
        expect(pathPatternMatches("/a?c", "/abc")).to.equal(true);
        expect(aliasMatches("*.vaults.auth.example.com", TENANT)).to.equal(true);
        expect(aliasMatches("*.vaults.auth.example.com", "a.b.vaults.auth.example.com")).to.equal(false);
        expect(aliasMatches("*.vaults.auth.example.com", "vaults.auth.example.com")).to.equal(false);
    });
});

describe("requests through the recorded edge", () => {
    let e: EdgeEvaluation;
    before(async () => { e = await evaluateEdge(); });

    /** S3 has only the files the build wrote; anything else is 403 (OAC without ListBucket). */
    const s3Files = (o: OriginRequest) => (o.kind === "custom" || ["/index.html", "/index.js", "/index.css"].includes(o.path) ? 200 : 403);

    it("serves a console deep link as the console's index.html", async () => {
        const r = e.sim.request({ host: CONSOLE, path: "/organizations/org_abc/settings?tab=users", headers: { Cookie: "s=1" } }, s3Files);
        expect(r.distribution).to.equal("edge-console");
        expect(r.status).to.equal(200);
        expect(r.originRequests.map((o) => [o.originId, o.path])).to.deep.equal([["console", "/organizations/org_abc/settings"], ["console", "/index.html"]]);
        expect(r.served!.signedWith).to.equal("sigv4");
        expect(r.served!.headers).to.deep.equal({ host: r.served!.domainName });
    });

    it("serves a vault deep link as the vault UI's index.html, without an error round trip", async () => {
        const r = e.sim.request({ host: VAULT, path: "/login/verify-email" }, s3Files);
        expect(r.distribution).to.equal("edge-vault");
        expect(r.behavior).to.equal("*");
        expect(r.status).to.equal(200);
        expect(r.originRequests.map((o) => [o.originId, o.path])).to.deep.equal([["vault-ui", "/index.html"]]);
        const asset = e.sim.request({ host: TENANT, path: "/index.js" }, s3Files);
        expect([asset.served!.originId, asset.served!.path]).to.deep.equal(["vault-ui", "/index.js"]);
    });

    it("sends a vault /api call to the API with x-tesseral-host overwritten by the viewer's Host", async () => {
        const r = e.sim.request({
            host: VAULT, method: "POST", path: "/api/frontend/v1/me?x=1",
            headers: { "X-Tesseral-Host": "victim.vaults.auth.example.com", Cookie: "tesseral_access_token=t", "X-Origin-Verify": "forged", "Content-Type": "application/json" },
        });
        expect(r.behavior).to.equal("/api/*");
        expect(r.served).to.deep.include({ originId: "api", domainName: API_HOST, kind: "custom", method: "POST", path: "/api/frontend/v1/me?x=1" });
        expect(r.served!.headers).to.deep.equal({
            "x-tesseral-host": VAULT, cookie: "tesseral_access_token=t", "content-type": "application/json",
            host: API_HOST, "x-origin-verify": VERIFY_SECRET,
        });
    });

    it("keeps an API 404 a 404 on the vault (no SPA fallback for the API)", async () => {
        const r = e.sim.request({ host: VAULT, path: "/api/frontend/v1/nothing" }, (o) => (o.kind === "custom" ? 404 : 200));
        expect(r.status).to.equal(404);
        expect(r.originRequests).to.have.length(1);
    });

    it("sends /.well-known on a wildcard vault host to the API with that host as x-tesseral-host", async () => {
        const r = e.sim.request({ host: TENANT, path: "/.well-known/openid-configuration", headers: { "x-tesseral-host": VAULT } });
        expect(r.distribution).to.equal("edge-vault");
        expect(r.behavior).to.equal("/.well-known/*");
        expect(r.served).to.deep.include({ originId: "api", path: "/.well-known/openid-configuration" });
        expect(r.served!.headers["x-tesseral-host"]).to.equal(TENANT);
        expect(r.served!.headers["x-origin-verify"]).to.equal(VERIFY_SECRET);
    });

    it("prefixes backend API calls with /api/backend and passes Authorization and the query", async () => {
        const r = e.sim.request({ host: "api.auth.example.com", method: "DELETE", path: "/v1/users/user_1?force=true", headers: { Authorization: "Bearer tesseral_secret_key_x" } });
        expect(r.distribution).to.equal("edge-backend-api");
        expect(r.served).to.deep.include({ originId: "api-api-backend", domainName: API_HOST, method: "DELETE", path: "/api/backend/v1/users/user_1?force=true" });
        expect(r.served!.headers).to.deep.equal({ authorization: "Bearer tesseral_secret_key_x", host: API_HOST, "x-origin-verify": VERIFY_SECRET });
    });

    it("prefixes config API calls with /api/config-api", async () => {
        const r = e.sim.request({ host: "config.auth.example.com", path: "/v1/config/publishable_key_abc" });
        expect(r.distribution).to.equal("edge-config-api");
        expect(r.served).to.deep.include({ originId: "api-api-config-api", path: "/api/config-api/v1/config/publishable_key_abc" });
        expect(r.served!.headers["x-origin-verify"]).to.equal(VERIFY_SECRET);
    });

    it("serves a project logo from the user-content bucket, signed, with nothing of the viewer's", async () => {
        const r = e.sim.request({ host: "usercontent.auth.example.com", path: "/vault-ui-settings-v1/project_abc/logo?v=2", headers: { Authorization: "Bearer x", Cookie: "a=b" } });
        expect(r.distribution).to.equal("edge-user-content");
        expect(r.served).to.deep.include({ originId: "user-content", domainName: "uc-bucket.s3.us-west-2.amazonaws.com", kind: "s3", path: "/vault-ui-settings-v1/project_abc/logo", signedWith: "sigv4" });
        expect(r.served!.headers).to.deep.equal({ host: "uc-bucket.s3.us-west-2.amazonaws.com" });
    });

    it("redirects plain HTTP to HTTPS and refuses writes to the static sites", async () => {
        const http = e.sim.request({ host: VAULT, path: "/api/frontend/v1/me", scheme: "http" });
        expect([http.status, http.location]).to.deep.equal([301, `https://${VAULT}/api/frontend/v1/me`]);
        expect(e.sim.request({ host: CONSOLE, method: "POST", path: "/index.html" }).status).to.equal(403);
        expect(() => e.sim.request({ host: "evil.example.com", path: "/" })).to.throw(/no distribution/);
    });
});
