// The two secrets every stack must now have (Stripe and Svix: components/config/required-secrets.ts),
// set as a user sets them, with `pulumi config set --secret`, in a stack of the engine layer.
import { TEST_PROJECT_SERVICE_KEYS } from "../../support/evaluate";
import { Engine } from "./real-engine";

export async function setProjectServiceKeys(engine: Engine, cwd: string, stack: string, namespace = "tesseral"): Promise<void> {
    for (const [key, value] of Object.entries(TEST_PROJECT_SERVICE_KEYS)) {
        const set = await engine.pulumi(["config", "set", "--secret", `${namespace}:${key}`, value, "--stack", stack], cwd);
        if (set.code !== 0) throw new Error(`pulumi config set --secret ${namespace}:${key} failed: ${set.stderr}`);
    }
}
