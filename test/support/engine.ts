import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import * as pulumi from "@pulumi/pulumi";
import { awsOutputs, staticMocks } from "./aws-mocks";
import { Recorder } from "./recorder";
import { plain } from "./values";
import { stableJson } from "../../components/util/hash";

export type StepAction = "create" | "replace" | "update" | "same";

interface StoredState {
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
}

/**
 * A small stand-in for the Pulumi engine in layer-3 tests (and the machinery of the real-Tesseral
 * layer and `npm run local`, which give it emulator-backed outputs): AWS stays mocked, but
 * `command:local:Command` steps really run, and state is kept between evaluations so that a
 * second `up` behaves as the real engine would (triggers replace, other changes update,
 * `ignoreChanges` keeps the old value, unchanged steps do not run).
 */
export class ExecutingEngine {
    private readonly state = new Map<string, StoredState>();
    /** What the engine would have printed (command output, unless the step turned logging off). */
    public readonly log: string[] = [];
    /** Per evaluation: the action taken for each command step, by name. */
    public actions = new Map<string, StepAction>();
    private recorder: Recorder | undefined;

    constructor(
        private readonly projectDir: string,
        /**
         * Outputs of non-command resources beyond the static mocks: the layer-3 tests fix a few; the
         * real-Tesseral layer and `npm run local` create each resource in the AWS emulator here.
         */
        private readonly overrides: (type: string, name: string, inputs: Record<string, unknown>) =>
            Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined> = () => undefined,
        private readonly env: Record<string, string> = {},
    ) {}

    /** Mocks for one evaluation; pass `attach` as `onRecorder`. */
    mocks(): pulumi.runtime.Mocks {
        this.actions = new Map();
        return {
            newResource: (args) => this.newResource(args),
            call: (args) => staticMocks().call(args),
        };
    }

    attach = (recorder: Recorder): void => {
        this.recorder = recorder;
    };

    private async newResource(args: pulumi.runtime.MockResourceArgs): Promise<{ id: string; state: Record<string, unknown> }> {
        const rec = this.recorder?.current;
        if (!rec || rec.name !== args.name) throw new Error(`engine: no recorded registration for ${args.name}`);
        const key = rec.urn;
        const inputs = plain(rec.inputs) as Record<string, unknown>;
        if (args.type !== "command:local:Command") {
            const { id, ...extra } = (await this.overrides(args.type, args.name, inputs)) ?? {};
            const outputs = { ...inputs, ...awsOutputs(args.type, args.name, inputs), ...extra };
            return { id: typeof id === "string" ? id : `${args.name}-id`, state: outputs };
        }
        const prev = this.state.get(key);
        const ignored = new Set(rec.options.ignoreChanges);
        const effective = { ...inputs };
        if (prev) for (const k of ignored) effective[k] = prev.inputs[k];
        const action = this.decide(prev, effective);
        // A replacement runs with the program's inputs, ignored ones included: the real engine
        // re-checks goal.Properties, not the ignoreChanges-merged inputs, once it decides to replace
        // (pulumi v3.248.0 pkg/resource/deploy/step_generator.go, generateStepsFromDiff; shown by
        // test/engine/agreement.test.ts).
        if (action === "replace") Object.assign(effective, inputs);
        this.actions.set(args.name, action);
        let outputs: Record<string, unknown>;
        if (action === "same" && prev) {
            outputs = prev.outputs;
        } else {
            const script = (action === "update" && typeof effective.update === "string" ? effective.update : effective.create) as string;
            // As pulumi-command does: an update (not a create or replace) sees the previous output.
            const previous: Record<string, string> = action === "update" && effective.addPreviousOutputInEnv !== false && prev
                ? { PULUMI_COMMAND_STDOUT: String(prev.outputs.stdout ?? ""), PULUMI_COMMAND_STDERR: String(prev.outputs.stderr ?? "") }
                : {};
            outputs = { ...effective, ...this.run(args.name, script, effective, previous) };
        }
        this.state.set(key, { inputs: effective, outputs });
        const secretOutputs = new Set(rec.options.additionalSecretOutputs);
        const state: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(outputs)) state[k] = secretOutputs.has(k) ? pulumi.secret(v) : v;
        return { id: `${args.name}-id`, state };
    }

    /**
     * What an AWS-talking step would have done, checked as far as this machine can: an upload's
     * file must exist where the step runs.
     */
    private simulateAws(name: string, stdin: string, environment: Record<string, string>): { stdout: string; stderr: string } {
        this.awsSteps.push(name);
        if (stdin.includes("PutObjectCommand") && environment.TESSERAL_FILE && !stdin.includes("CreateInvalidationCommand")) {
            const file = path.resolve(this.projectDir, environment.TESSERAL_FILE);
            if (!fs.existsSync(file)) throw new Error(`${name} failed: ${environment.TESSERAL_FILE} does not exist`);
            return { stdout: JSON.stringify({ bucket: environment.TESSERAL_BUCKET, key: environment.TESSERAL_KEY, size: fs.statSync(file).size }), stderr: "" };
        }
        return { stdout: "", stderr: "" };
    }

    private decide(prev: StoredState | undefined, inputs: Record<string, unknown>): StepAction {
        if (!prev) return "create";
        if (stableJson(prev.inputs.triggers ?? null) !== stableJson(inputs.triggers ?? null)) return "replace";
        const keys = new Set([...Object.keys(prev.inputs), ...Object.keys(inputs)]);
        for (const k of keys) {
            if (stableJson(prev.inputs[k] ?? null) !== stableJson(inputs[k] ?? null)) return "update";
        }
        return "same";
    }

    /** Milliseconds each command step took when it last ran, by name (benchmarks print them). */
    public readonly durations = new Map<string, number>();

    /** Steps that talk to AWS (they load the AWS SDK); the engine stands in for AWS here. */
    public readonly awsSteps: string[] = [];

    private run(name: string, script: string, inputs: Record<string, unknown>, previous: Record<string, string> = {}): { stdout: string; stderr: string } {
        const environment = { ...((inputs.environment ?? {}) as Record<string, string>), ...previous };
        if (typeof inputs.stdin === "string" && inputs.stdin.includes("@aws-sdk/")) return this.simulateAws(name, inputs.stdin, environment);
        const started = Date.now();
        const result = spawnSync("/bin/sh", ["-c", script], {
            cwd: this.projectDir,
            env: { ...process.env, ...this.env, ...environment },
            input: typeof inputs.stdin === "string" ? inputs.stdin : undefined,
            encoding: "utf8",
            maxBuffer: 64 * 1024 * 1024,
        });
        this.durations.set(name, Date.now() - started);
        const stdout = (result.stdout ?? "").replace(/\n$/, "");
        const stderr = (result.stderr ?? "").replace(/\n$/, "");
        const logging = (inputs.logging as string | undefined) ?? "stdoutAndStderr";
        if (logging === "stdout" || logging === "stdoutAndStderr") this.log.push(...stdout.split("\n").map((l) => `${name}: ${l}`));
        if (logging === "stderr" || logging === "stdoutAndStderr") this.log.push(...stderr.split("\n").map((l) => `${name}: ${l}`));
        if (result.status !== 0) {
            throw new Error(`${name} failed (exit ${result.status ?? result.signal}): ${logging === "none" ? "(output not logged)" : stderr}`);
        }
        return { stdout, stderr };
    }
}
