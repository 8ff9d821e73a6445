/**
 * A Lambda invoke on this machine, as the AWS Lambda Web Adapter answers it: a cold start of the
 * function's `bootstrap` with its environment, the adapter's readiness check
 * (AWS_LWA_READINESS_CHECK_PATH on AWS_LWA_PORT), then the event's request to the api, and the
 * response as a payload-2.0 object. A function that exits, or is not ready in time, is an
 * "Unhandled" function error with its log, as Lambda reports an init failure.
 */
import * as fs from "fs";
import * as path from "path";
import { spawn } from "child_process";
import { HealthInvoke, HealthInvokeResult } from "../../components/api/health-gate";
import { loopbackGet } from "./loopback-http";

export interface LocalFunction {
    apiDir: string;
    functionEnvironment: Record<string, string>;
    /** What Lambda itself provides (region, credentials: here the emulator's). */
    lambdaEnvironment: Record<string, string>;
    logFile: string;
    /** Milliseconds the adapter waits for readiness. */
    readinessTimeoutMs?: number;
}

export function localInvoke(fn: LocalFunction): HealthInvoke {
    return async (_version, event): Promise<HealthInvokeResult> => {
        const env = fn.functionEnvironment;
        const port = Number(env.AWS_LWA_PORT);
        fs.mkdirSync(path.dirname(fn.logFile), { recursive: true });
        const log = fs.openSync(fn.logFile, "w");
        const child = spawn(path.join(fn.apiDir, "bootstrap"), [], {
            cwd: fn.apiDir, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...fn.lambdaEnvironment, ...env }, stdio: ["ignore", log, log],
        });
        fs.closeSync(log);
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        const logText = () => fs.readFileSync(fn.logFile, "utf8");
        try {
            const deadline = Date.now() + (fn.readinessTimeoutMs ?? 30_000);
            for (;;) {
                if (child.exitCode !== null || child.signalCode !== null) {
                    return { functionError: "Unhandled", payload: JSON.stringify({ errorType: "Runtime.ExitError", errorMessage: `exited (${child.exitCode ?? child.signalCode}) before it was ready` }), log: logText() };
                }
                const ready = await loopbackGet(port, env.AWS_LWA_READINESS_CHECK_PATH);
                if (ready && ready.status >= 200 && ready.status < 500) break;
                if (Date.now() > deadline) return { functionError: "Unhandled", payload: JSON.stringify({ errorType: "Runtime.InitTimeout" }), log: logText() };
                await new Promise((r) => setTimeout(r, 100));
            }
            const res = await loopbackGet(port, `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ""}`);
            if (!res) return { functionError: "Unhandled", payload: JSON.stringify({ errorType: "Runtime.ConnectionRefused" }), log: logText() };
            return { payload: JSON.stringify({ statusCode: res.status, body: res.body, headers: { "content-type": String(res.headers["content-type"] ?? "") } }), log: logText() };
        } finally {
            if (child.exitCode === null && child.signalCode === null) child.kill();
            await exited;
        }
    };
}
