import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { plain } from "../support/values";
import { evaluateEdge, loadHandler, viewerRequestEvent } from "../support/cloudfront-sim";

const dir = path.join(__dirname, "..", "..", "components", "edge", "functions");
const handlerOf = (file: string) => loadHandler(fs.readFileSync(path.join(dir, file), "utf8"));
const event = (uri: string, headers: Record<string, string>, query = "") => viewerRequestEvent({ name: "d" }, "GET", uri, query, headers);
type Req = { uri: string; headers: Record<string, { value: string }>; cookies: Record<string, { value: string }>; querystring: Record<string, { value: string }> };

describe("CloudFront Function tesseral-host.js", () => {
    const handler = handlerOf("tesseral-host.js");

    it("sets x-tesseral-host to the viewer's Host", async () => {
        const out = handler(event("/api/frontend/v1/me", { host: "vault.console.auth.example.com" })) as unknown as Req;
        expect(out.headers["x-tesseral-host"]).to.deep.equal({ value: "vault.console.auth.example.com" });
        expect(out.uri).to.equal("/api/frontend/v1/me");
    });

    it("overwrites a forged value, also a multi-valued one, and keeps the rest of the request", async () => {
        const e = event("/.well-known/jwks.json", { host: "Project-A.vaults.auth.example.com", "x-tesseral-host": "project-b.vaults.auth.example.com", cookie: "a=1" }, "x=1");
        (e.request as Req).headers["x-tesseral-host"] = { value: "b", multiValue: [{ value: "b" }, { value: "c" }] } as unknown as { value: string };
        const out = handler(e) as unknown as Req;
        expect(out.headers["x-tesseral-host"]).to.deep.equal({ value: "project-a.vaults.auth.example.com" });
        expect(out.cookies).to.deep.equal({ a: { value: "1" } });
        expect(out.querystring).to.deep.equal({ x: { value: "1" } });
    });
});

describe("CloudFront Function tesseral-host.js: internal paths", () => {
    const handler = handlerOf("tesseral-host.js");
    const statusOf = (uri: string) => (handler(event(uri, { host: "vault.console.auth.example.com" })) as { statusCode?: number }).statusCode;

    it("answers 404 for Tesseral's internal paths but the health check and the Connect services", async () => {
        for (const uri of ["/api/internal/panic", "/api/internal/panic/", "/api/internal/anything", "/api/internal/"]) expect(statusOf(uri), uri).to.equal(404);
        for (const uri of ["/api/internal/health", "/api/internal/connect/tesseral.frontend.v1.FrontendService/Refresh", "/api/frontend/v1/me", "/.well-known/openid-configuration", "/api/internalx"]) {
            expect(statusOf(uri), uri).to.equal(undefined);
        }
    });

    it("decides on the path Go's router sees: encoded, dotted and doubled-slash spellings of the panic path are refused too", async () => {
        for (const uri of ["/api/internal/%70anic", "/api/%69nternal/panic", "/api//internal/panic", "/api/internal/./panic", "/api/internal/connect/../panic",
            "/api/internal/health/../panic", "/api/x/../internal/panic", "/api/internal", "/api/internal/%zz"]) {
            expect(statusOf(uri), uri).to.equal(404);
        }
        for (const uri of ["/api/internal/connect/x/../y", "/api/internal/%68ealth", "/api/frontend/../frontend/v1/me"]) expect(statusOf(uri), uri).to.equal(undefined);
    });
});

describe("CloudFront Function spa-rewrite.js", () => {
    const handler = handlerOf("spa-rewrite.js");
    const uriAfter = (uri: string) => (handler(event(uri, { host: "vault.console.auth.example.com" })) as unknown as Req).uri;

    it("rewrites app routes (no extension) to /index.html", async () => {
        expect(uriAfter("/")).to.equal("/index.html");
        expect(uriAfter("/login")).to.equal("/index.html");
        expect(uriAfter("/organizations/org_1/")).to.equal("/index.html");
    });

    it("leaves files alone, so a missing asset stays a 403/404", async () => {
        expect(uriAfter("/index.js")).to.equal("/index.js");
        expect(uriAfter("/assets/logo-a208a897.svg")).to.equal("/assets/logo-a208a897.svg");
        expect(uriAfter("/assets/missing.css")).to.equal("/assets/missing.css");
    });
});

describe("CloudFront Functions as deployed", () => {
    it("publishes exactly the files' code, cloudfront-js-2.0, attached on viewer-request", async () => {
        const { rec } = await evaluateEdge();
        const fns = rec.ofType("aws:cloudfront/function:Function").map((f) => plain(f.inputs) as { code: string; runtime: string; publish: boolean });
        expect(fns.map((f) => f.code)).to.have.members(["tesseral-host.js", "spa-rewrite.js"].map((f) => fs.readFileSync(path.join(dir, f), "utf8")));
        expect(fns.every((f) => f.runtime === "cloudfront-js-2.0" && f.publish === true)).to.equal(true);
        const vault = plain(rec.named("edge-vault").inputs) as { orderedCacheBehaviors: { functionAssociations: { eventType: string }[] }[] };
        expect(vault.orderedCacheBehaviors.flatMap((b) => b.functionAssociations.map((a) => a.eventType))).to.deep.equal(["viewer-request", "viewer-request"]);
    });
});
