/**
 * Lambda's Invoke API on loopback for the engine layer: the rollout's health gate invokes the new
 * version of the API function, which only exists in the stand-in provider's state. It answers as a
 * healthy Tesseral behind the Web Adapter would (payload 2.0, status 200) and records each call, so
 * the layer shows the gate ran for the version the deploy published. (Whether the gate refuses a
 * broken api is shown with the real api in test/e2e.)
 */
import * as http from "http";

export interface LambdaStandin {
    endpoint: string;
    /** `<function>:<qualifier>` of every invoke, in order. */
    invocations: string[];
    close(): Promise<void>;
}

export function startLambdaStandin(port: number): Promise<LambdaStandin> {
    const invocations: string[] = [];
    const server = http.createServer((req, res) => {
        const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations(?:\?(.*))?$/.exec(req.url ?? "");
        req.resume();
        if (req.method !== "POST" || !m) {
            res.writeHead(404, { "content-type": "application/json" });
            res.end(JSON.stringify({ Type: "User", message: `stand-in Lambda: no route for ${req.method} ${req.url}` }));
            return;
        }
        const qualifier = new URLSearchParams(m[2] ?? "").get("Qualifier") ?? "$LATEST";
        invocations.push(`${decodeURIComponent(m[1])}:${qualifier}`);
        res.writeHead(200, { "content-type": "application/json", "x-amz-executed-version": qualifier, "x-amz-log-result": Buffer.from("stand-in\n").toString("base64") });
        res.end(JSON.stringify({ statusCode: 200, body: "ok", headers: { "content-type": "text/plain" } }));
    });
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => resolve({
            endpoint: `http://127.0.0.1:${port}`, invocations,
            close: () => new Promise<void>((r) => server.close(() => r())),
        }));
    });
}
