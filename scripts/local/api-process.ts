/**
 * The real `api`, started as Lambda starts it: through the `bootstrap` wrapper of the deployed
 * zip's folder, with the environment the program gives the function, plus what Lambda itself
 * provides (region and credentials, here the emulator's).
 */
import * as fs from "fs";
import * as path from "path";
import { ChildProcess, spawn } from "child_process";
import { portOf, API_HEALTH_PATH } from "../../components/api/environment";
import { loopbackGet } from "./loopback-http";
import { waitForPort } from "./ports";

export interface ApiProcess {
    port: number;
    child: ChildProcess;
    /** Where its stdout and stderr go. */
    logFile: string;
    stop(): Promise<void>;
}

/** One GET of the health path; resolves the status (0 when nothing answers). */
export async function healthStatus(port: number): Promise<number> {
    return (await loopbackGet(port, API_HEALTH_PATH))?.status ?? 0;
}

/** Starts the api and waits until its health path answers 200 (or fails with its last log lines). */
export async function startApi(opts: { apiDir: string; functionEnvironment: Record<string, string>; lambdaEnvironment: Record<string, string>; logFile: string; timeoutMs?: number }): Promise<ApiProcess> {
    const port = portOf(opts.functionEnvironment.API_SERVE_ADDR);
    fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
    const log = fs.openSync(opts.logFile, "a");
    const child = spawn(path.join(opts.apiDir, "bootstrap"), [], {
        cwd: opts.apiDir,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...opts.lambdaEnvironment, ...opts.functionEnvironment },
        stdio: ["ignore", log, log],
    });
    fs.closeSync(log);
    const stop = () => new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill();
    });
    const tail = () => fs.readFileSync(opts.logFile, "utf8").split("\n").slice(-15).join("\n");
    try {
        await waitForPort(port, opts.timeoutMs ?? 60_000, child, "the api");
        for (let i = 0; i < 100 && (await healthStatus(port)) !== 200; i++) await new Promise((r) => setTimeout(r, 100));
        const status = await healthStatus(port);
        if (status !== 200) throw new Error(`the api's ${API_HEALTH_PATH} answered ${status}`);
    } catch (e) {
        await stop();
        throw new Error(`${e instanceof Error ? e.message : String(e)}; its last log lines:\n${tail()}`);
    }
    return { port, child, logFile: opts.logFile, stop };
}
