import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "./evaluate";
import { Recorder } from "./recorder";
import { staticMocks } from "./aws-mocks";

/**
 * Constructs components under mocks inside a stack (without index.ts) and records every
 * registration; for testing one component on its own.
 */
export async function evaluateComponent(build: () => unknown, opts: { stack?: string; mocks?: pulumi.runtime.Mocks } = {}): Promise<Recorder> {
    const stack = opts.stack ?? "dev";
    pulumi.runtime.setAllConfig({ "aws:region": "us-west-2" }, []);
    await pulumi.runtime.setMocks(opts.mocks ?? staticMocks(), PROJECT, stack, false);
    const recorder = new Recorder(PROJECT, stack);
    recorder.attach(pulumi.runtime.getMonitor());
    await pulumi.runtime.runInPulumiStack(async () => {
        build();
        return {};
    });
    await pulumi.runtime.disconnect();
    return recorder;
}
