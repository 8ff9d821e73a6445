import * as http from "http";
import { ChildProcess } from "child_process";

export interface HttpAnswer {
    status: number;
    body: string;
}

/** One GET on loopback. */
export function get(url: string): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
        http.get(url, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (c) => { body += c; });
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        }).on("error", reject);
    });
}

/** GETs `url` until the server `child` started answers (bounded: 100 tries, 100 ms apart); fails if it exits first. */
export async function getWithRetry(url: string, child: ChildProcess): Promise<HttpAnswer> {
    for (let i = 0; i < 100; i++) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before answering ${url}`);
        try {
            return await get(url);
        } catch {
            await new Promise((r) => setTimeout(r, 100));
        }
    }
    throw new Error(`${url} never answered`);
}
