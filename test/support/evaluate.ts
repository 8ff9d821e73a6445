import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Recorder } from "./recorder";
import { staticMocks } from "./aws-mocks";

export const PROJECT = "tesseral-aws";
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface EvaluateOptions {
    /** Stack config, keys without namespace are put under `tesseral:`; values as Pulumi passes them (strings, JSON for maps). */
    config: Record<string, unknown>;
    /** Keys of `config` that are secrets. */
    secretKeys?: string[];
    stack?: string;
    mocks?: pulumi.runtime.Mocks;
    /** Called with the recorder before the program runs (the executing mocks read `current`). */
    onRecorder?: (recorder: Recorder) => void;
    preview?: boolean;
}

export interface Evaluation {
    recorder: Recorder;
    /** The stack's outputs as registered (secrets wrapped in Secret). */
    stackOutputs: Record<string, unknown>;
}

/** Pulumi config as the CLI hands it to a program: every value a string, maps as JSON. */
export function toPulumiConfig(config: Record<string, unknown>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(config)) {
        const key = k.includes(":") ? k : `tesseral:${k}`;
        out[key] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return out;
}

/**
 * Runs the real program (`index.ts`) under mocks and records every resource. Each call is a fresh
 * evaluation, as a new `pulumi up` would be.
 */
export async function evaluateProgram(opts: EvaluateOptions): Promise<Evaluation> {
    const secretKeys = (opts.secretKeys ?? []).map((k) => (k.includes(":") ? k : `tesseral:${k}`));
    pulumi.runtime.setAllConfig(toPulumiConfig(opts.config), secretKeys);
    const programPath = require.resolve(path.join(REPO_ROOT, "index.ts"));
    delete require.cache[programPath];
    const recorder = await runUnderMocks(() => require(programPath), opts);
    const stackRecord = recorder.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    return { recorder, stackOutputs: stackRecord?.outputs ?? {} };
}

/**
 * Runs `init` as a stack's program under mocks (config already set) and records every
 * registration. What both the whole program's and a lone component's evaluations share.
 */
export async function runUnderMocks(
    init: () => unknown,
    opts: { stack?: string; mocks?: pulumi.runtime.Mocks; preview?: boolean; onRecorder?: (recorder: Recorder) => void } = {},
): Promise<Recorder> {
    const stack = opts.stack ?? "dev";
    await pulumi.runtime.setMocks(opts.mocks ?? staticMocks(), PROJECT, stack, opts.preview ?? false);
    const recorder = new Recorder(PROJECT, stack);
    recorder.attach(pulumi.runtime.getMonitor());
    opts.onRecorder?.(recorder);
    // An error inside an apply surfaces as an unhandled rejection and the engine would wait for
    // ever; as with the real engine, it fails the run.
    let onUnhandled: ((reason: unknown) => void) | undefined;
    const failed = new Promise<never>((_, reject) => {
        onUnhandled = (reason) => reject(reason instanceof Error ? reason : new Error(String(reason)));
        process.on("unhandledRejection", onUnhandled);
    });
    try {
        await Promise.race([
            (async () => {
                await pulumi.runtime.runInPulumiStack(async () => init());
                await pulumi.runtime.disconnect();
            })(),
            failed,
        ]);
    } finally {
        if (onUnhandled) process.off("unhandledRejection", onUnhandled);
    }
    return recorder;
}

/** Values for the two required secrets in test stacks (no real service is ever called with them). */
export const TEST_PROJECT_SERVICE_KEYS = { stripeApiKey: "sk_test_tesseral_aws_stand_in", svixApiKey: "testsk_tesseral_aws_stand_in" };

/** A complete dev config, as in Pulumi.dev.yaml but with the fixture as source. */
export function devConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        "aws:region": "us-west-2",
        domain: "auth.example.com",
        rootUserEmail: "admin@example.com",
        runner: "local",
        protect: "false",
        source: { path: path.join(REPO_ROOT, "test", "fixtures", "tesseral") },
        // Required secrets (Tesseral cannot create a project without them); stand-in values.
        ...TEST_PROJECT_SERVICE_KEYS,
        ...extra,
    };
}
