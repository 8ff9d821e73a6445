import * as pulumi from "@pulumi/pulumi";
import { runUnderMocks } from "./evaluate";
import { Recorder } from "./recorder";

/**
 * Constructs components under mocks inside a stack (without index.ts) and records every
 * registration; for testing one component on its own.
 */
export async function evaluateComponent(build: () => unknown, opts: { stack?: string; mocks?: pulumi.runtime.Mocks } = {}): Promise<Recorder> {
    pulumi.runtime.setAllConfig({ "aws:region": "us-west-2" }, []);
    return runUnderMocks(() => {
        build();
        return {};
    }, opts);
}
