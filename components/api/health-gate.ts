/**
 * The health gate of the API rollout: a new Lambda version must answer Tesseral's readiness route
 * before the `live` alias (what API Gateway invokes) moves to it.
 *
 * Contract (everything here is pure except the transport you pass in):
 * - `healthEvent()` builds the API Gateway HTTP API event (payload format 2.0) of
 *   `GET /api/internal/health`, the event API Gateway would send; the AWS Lambda Web Adapter turns
 *   it into an HTTP request to Tesseral's `api` once the adapter's readiness check passed.
 * - `judgeHealth(version, result)` decides: the gate passes only when the invoke itself succeeded
 *   (no `functionError`) and the payload is an HTTP API response with `statusCode` 200. Otherwise it
 *   returns a failure whose `message` names the version, the status (or the function error) and the
 *   first `HEALTH_LOG_LINES` lines of the invoke's log tail.
 * - `runHealthGate({ version, invoke })` calls `invoke(version, healthEvent())` once and judges the
 *   result; a transport that throws counts as a failure with the thrown message. It never throws:
 *   the caller decides (the deploy step exits non-zero with `message` so `pulumi up` fails and the
 *   alias stays where it was).
 * - `HealthInvoke` is the transport. In AWS it is Lambda `Invoke` with `Qualifier: <version>` and
 *   `LogType: Tail` (the log tail is base64 in the response; decode it before passing it here). In
 *   tests it can be anything that answers the event, e.g. a local HTTP call to a started `api`.
 */

/** How many log lines a failure message carries. */
export const HEALTH_LOG_LINES = 20;
/** Tesseral's readiness route (tesseral-facts.md: answers 200). */
export const HEALTH_PATH = "/api/internal/health";

/** What an invoke of the version returned. */
export interface HealthInvokeResult {
    /** Lambda's `FunctionError` (`Unhandled`, ...), when the function itself failed. */
    functionError?: string;
    /** The function's response payload as text (a payload 2.0 response object, JSON). */
    payload: string;
    /** The invoke's log tail, decoded. */
    log?: string;
}

/** Invokes `version` of the API function with `event`. */
export type HealthInvoke = (version: string, event: HttpApiEvent) => Promise<HealthInvokeResult>;

/** The gate's verdict. */
export type HealthVerdict = { ok: true; version: string; status: 200 } | { ok: false; version: string; status: number | undefined; message: string };

/** An API Gateway HTTP API (payload 2.0) request event, as much as a proxy integration sends. */
export interface HttpApiEvent {
    version: "2.0";
    routeKey: "$default";
    rawPath: string;
    rawQueryString: string;
    headers: Record<string, string>;
    requestContext: {
        accountId: string;
        apiId: string;
        domainName: string;
        domainPrefix: string;
        http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
        requestId: string;
        routeKey: "$default";
        stage: "$default";
        time: string;
        timeEpoch: number;
    };
    isBase64Encoded: false;
}

/** The event of `GET /api/internal/health`. Deterministic: fixed ids and time (the adapter ignores them). */
export function healthEvent(host = "health-gate.internal"): HttpApiEvent {
    return {
        version: "2.0",
        routeKey: "$default",
        rawPath: HEALTH_PATH,
        rawQueryString: "",
        headers: { host, "user-agent": "tesseral-aws-health-gate", "x-tesseral-host": host, accept: "*/*" },
        requestContext: {
            accountId: "anonymous",
            apiId: "health-gate",
            domainName: host,
            domainPrefix: host.split(".")[0],
            http: { method: "GET", path: HEALTH_PATH, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "tesseral-aws-health-gate" },
            requestId: "health-gate",
            routeKey: "$default",
            stage: "$default",
            time: "01/Jan/2026:00:00:00 +0000",
            timeEpoch: 1767225600000,
        },
        isBase64Encoded: false,
    };
}

/** The first `n` non-empty lines of a log. */
export function firstLogLines(log: string | undefined, n = HEALTH_LOG_LINES): string[] {
    return (log ?? "").split(/\r?\n/).filter((l) => l.trim() !== "").slice(0, n);
}

/** The `statusCode` of a payload 2.0 response, or undefined. */
export function statusOf(payload: string): number | undefined {
    try {
        const parsed: unknown = JSON.parse(payload);
        if (parsed && typeof parsed === "object" && "statusCode" in parsed) {
            const s = (parsed as { statusCode: unknown }).statusCode;
            return typeof s === "number" && Number.isInteger(s) ? s : undefined;
        }
    } catch { /* not JSON: no status */ }
    return undefined;
}

/** Judges one invoke result of `version`. Pure. */
export function judgeHealth(version: string, result: HealthInvokeResult): HealthVerdict {
    const status = result.functionError ? undefined : statusOf(result.payload);
    if (status === 200) return { ok: true, version, status: 200 };
    const why = result.functionError
        ? `the function failed (${result.functionError}): ${result.payload.slice(0, 500)}`
        : status === undefined ? `no HTTP status in the answer: ${result.payload.slice(0, 500)}` : `status ${status}`;
    const lines = firstLogLines(result.log);
    const message = [
        `API version ${version} failed its health check (GET ${HEALTH_PATH}): ${why}.`,
        "The live alias stays on the previous version.",
        lines.length ? `First log lines:\n${lines.map((l) => `  ${l}`).join("\n")}` : "No log lines.",
    ].join("\n");
    return { ok: false, version, status, message };
}

/** Invokes `version` once with the health event and judges the answer. Never throws. */
export async function runHealthGate(args: { version: string; invoke: HealthInvoke }): Promise<HealthVerdict> {
    let result: HealthInvokeResult;
    try {
        result = await args.invoke(args.version, healthEvent());
    } catch (e) {
        const err = e instanceof Error ? e.message : String(e);
        return { ok: false, version: args.version, status: undefined, message: `API version ${args.version} could not be invoked for its health check: ${err}\nThe live alias stays on the previous version.` };
    }
    return judgeHealth(args.version, result);
}
