import * as http from "http";

/** The whole body of a request or response. */
export function readBody(stream: http.IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => resolve(Buffer.concat(chunks)));
        stream.on("error", reject);
    });
}

export interface LoopbackAnswer {
    status: number;
    body: string;
    headers: http.IncomingHttpHeaders;
}

/** One GET to 127.0.0.1:port; undefined when nothing answers there. */
export function loopbackGet(port: number, path: string): Promise<LoopbackAnswer | undefined> {
    return new Promise((resolve) => {
        http.get({ host: "127.0.0.1", port, path }, (res) => {
            readBody(res).then((b) => resolve({ status: res.statusCode ?? 0, body: b.toString("utf8"), headers: res.headers }), () => resolve(undefined));
        }).on("error", () => resolve(undefined));
    });
}
