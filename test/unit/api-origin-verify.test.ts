import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import { expect } from "chai";
import { originVerifyHandlerPath } from "../../components/api/origin-verify";

const SECRET = "edge-proof-7f3c9a1e5b2d4c6e8f0a1b3c5d7e9f11";

type Handler = (event: unknown) => Promise<{ isAuthorized: boolean }>;

/**
 * Loads the handler the way Lambda's Node.js runtime does: the file as shipped, in a fresh module
 * scope, with ORIGIN_VERIFY_SECRET in its environment. `file` defaults to the packaged file.
 */
export function loadHandler(expected: string | undefined, file = originVerifyHandlerPath()): Handler {
    const source = fs.readFileSync(file, "utf8");
    const module = { exports: {} as { handler: Handler } };
    const env: Record<string, string> = {};
    if (expected !== undefined) env.ORIGIN_VERIFY_SECRET = expected;
    const wrapper = vm.runInThisContext(`(function (exports, require, module, process) {${source}\n})`, { filename: file });
    wrapper(module.exports, require, module, { env });
    return module.exports.handler;
}

/** An API Gateway HTTP API REQUEST authorizer event, payload format 2.0, as AWS sends it. */
export function authorizerEvent(headers: Record<string, string>): Record<string, unknown> {
    return {
        version: "2.0",
        type: "REQUEST",
        routeArn: "arn:aws:execute-api:us-west-2:123456789012:abc123/$default/GET/api/internal/health",
        identitySource: headers["x-origin-verify"] !== undefined ? [headers["x-origin-verify"]] : [],
        routeKey: "$default",
        rawPath: "/api/internal/health",
        rawQueryString: "",
        cookies: [],
        headers: { host: "abc123.execute-api.us-west-2.amazonaws.com", "user-agent": "curl/8.5.0", accept: "*/*", ...headers },
        queryStringParameters: {},
        requestContext: {
            accountId: "123456789012",
            apiId: "abc123",
            domainName: "abc123.execute-api.us-west-2.amazonaws.com",
            domainPrefix: "abc123",
            http: { method: "GET", path: "/api/internal/health", protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "curl/8.5.0" },
            requestId: "Xyz0AbCdEfGhIjK=",
            routeKey: "$default",
            stage: "$default",
            time: "01/Jul/2025:12:00:00 +0000",
            timeEpoch: 1751371200000,
        },
        pathParameters: {},
        stageVariables: {},
    };
}

describe("origin-verify authorizer (handler code executed)", () => {
    it("refuses a request without the header (a direct execute-api call)", async () => {
        const handler = loadHandler(SECRET);
        expect(await handler(authorizerEvent({}))).to.deep.equal({ isAuthorized: false });
    });

    it("refuses a wrong value, a prefix of the right one, and an empty one", async () => {
        const handler = loadHandler(SECRET);
        for (const wrong of ["nope", SECRET.slice(0, -1), `${SECRET}x`, SECRET.toUpperCase(), ""]) {
            expect(await handler(authorizerEvent({ "x-origin-verify": wrong })), wrong).to.deep.equal({ isAuthorized: false });
        }
    });

    it("allows the edge's value", async () => {
        const handler = loadHandler(SECRET);
        expect(await handler(authorizerEvent({ "x-origin-verify": SECRET }))).to.deep.equal({ isAuthorized: true });
    });

    it("fails closed when its own expected value is missing or empty", async () => {
        for (const expected of [undefined, ""]) {
            const handler = loadHandler(expected);
            expect(await handler(authorizerEvent({ "x-origin-verify": "" })), String(expected)).to.deep.equal({ isAuthorized: false });
            expect(await handler(authorizerEvent({ "x-origin-verify": "anything" })), String(expected)).to.deep.equal({ isAuthorized: false });
        }
    });

    it("is one self-contained file (Lambda gets only index.js) that compares in constant time", async () => {
        const source = fs.readFileSync(originVerifyHandlerPath(), "utf8");
        const required = [...source.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
        expect(required).to.deep.equal(["crypto"]);
        expect(source).to.match(/timingSafeEqual/);
        // Copied alone into an empty folder, it still loads and decides.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-"));
        fs.copyFileSync(originVerifyHandlerPath(), path.join(dir, "index.js"));
        expect(await loadHandler(SECRET, path.join(dir, "index.js"))(authorizerEvent({ "x-origin-verify": SECRET }))).to.deep.equal({ isAuthorized: true });
    });
});
