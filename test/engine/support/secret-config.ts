// A secret stack setting on the real engine, its value on stdin (never in a command line or log).
import { spawn } from "child_process";
import * as path from "path";
import { Engine, ENGINE_PREFIX } from "./real-engine";

export function setSecretConfig(engine: Engine, stack: string, key: string, value: string, cwd: string): Promise<void> {
    return new Promise((resolve, reject) => {
        const child = spawn(path.join(ENGINE_PREFIX, "bin", "pulumi"), ["config", "set", "--secret", key, "--stack", stack, "--non-interactive"], { cwd, env: engine.env, stdio: ["pipe", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`pulumi config set --secret ${key}: exit ${code}: ${stderr}`))));
        child.stdin.end(value);
    });
}

/**
 * The Stripe and Svix keys, as secrets: placeholders (nothing in this layer calls either service),
 * there because the program refuses a stack without them, as it would refuse a user's. `namespace`
 * is the project's config namespace (examples/consumer reads them as `tesseral-consumer:*`).
 */
export async function setProjectServiceKeys(engine: Engine, stack: string, cwd: string, namespace = "tesseral"): Promise<void> {
    await setSecretConfig(engine, stack, `${namespace}:stripeApiKey`, "sk_test_engine_layer_placeholder", cwd);
    await setSecretConfig(engine, stack, `${namespace}:svixApiKey`, "testsk_engine_layer_placeholder", cwd);
}

/**
 * A new stack as a user prepares one before the first `up`: `pulumi stack init`, then the two
 * required secrets. A failing init stops here with its stderr.
 */
export async function initStackWithKeys(engine: Engine, stack: string, cwd: string, namespace = "tesseral"): Promise<void> {
    const init = await engine.pulumi(["stack", "init", stack], cwd);
    if (init.code !== 0) throw new Error(`pulumi stack init ${stack}: exit ${init.code}: ${init.stderr}`);
    await setProjectServiceKeys(engine, stack, cwd, namespace);
}
