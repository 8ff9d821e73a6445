import * as net from "net";
import { ChildProcess } from "child_process";

/** True when something accepts connections on 127.0.0.1:port. */
export function portOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect({ port, host });
        socket.once("connect", () => { socket.destroy(); resolve(true); });
        socket.once("error", () => resolve(false));
    });
}

/** Fails with one clear message when a port the local stack needs is taken. */
export async function assertPortFree(port: number, what: string): Promise<void> {
    if (await portOpen(port)) throw new Error(`port ${port} (${what}) is in use on 127.0.0.1: stop what listens there, or choose another port`);
}

/** Waits until a child process listens on the port; fails early when it exits. */
export async function waitForPort(port: number, timeoutMs: number, child: ChildProcess | undefined, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (child && (child.exitCode !== null || child.signalCode !== null)) {
            throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it listened on port ${port}`);
        }
        if (await portOpen(port)) return;
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${what} did not listen on port ${port} within ${timeoutMs / 1000} s`);
}
