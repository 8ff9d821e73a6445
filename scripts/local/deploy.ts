/**
 * The program deployed on this machine: `index.ts` evaluated with the executing engine stand-in,
 * whose command steps really run (builds, migrate, bootstrap) and whose AWS resources that
 * Tesseral calls are made in the emulator. What the program gives the Lambda function, the
 * secret and the edge is read from the recorded resources, never typed again.
 */
import * as path from "path";
import { ExecutingEngine } from "../../test/support/engine";
import { evaluateProgram, Evaluation } from "../../test/support/evaluate";
import { RecordedResource } from "../../test/support/recorder";
import { plain } from "../../test/support/values";
import { AwsEmulator } from "./aws-emulator";
import { EmulatedAws, LocalDatabase } from "./emulated-aws";

/** The resource names the program gives the pieces the local stack runs. */
export const API_FUNCTION = "tesseral-api-function";
export const API_SECRET_VERSION = "tesseral-secrets-version";

export interface LocalDeployOptions {
    /** The Pulumi project folder the steps run in (build outputs under `.tesseral/<stack>/`). */
    projectDir: string;
    stack: string;
    emulator: AwsEmulator;
    db: LocalDatabase;
    /** Stack config (keys without a namespace are `tesseral:`). */
    config: Record<string, unknown>;
}

export class LocalDeployment {
    readonly engine: ExecutingEngine;
    readonly aws: EmulatedAws;
    last: Evaluation | undefined;

    constructor(private readonly opts: LocalDeployOptions) {
        this.aws = new EmulatedAws(opts.emulator, opts.db);
        this.engine = new ExecutingEngine(opts.projectDir, this.aws.outputs, opts.emulator.env);
    }

    /** One `pulumi up`; `config` overrides parts of the stack config for this run. */
    async up(config: Record<string, unknown> = {}): Promise<Evaluation> {
        this.last = await evaluateProgram({
            config: { ...this.opts.config, ...config }, stack: this.opts.stack,
            mocks: this.engine.mocks(), onRecorder: this.engine.attach,
        });
        return this.last;
    }

    /** The stack config of the runs. */
    config(): Record<string, unknown> {
        return { ...this.opts.config };
    }

    private evaluation(): Evaluation {
        if (!this.last) throw new Error("nothing deployed yet: call up() first");
        return this.last;
    }

    named(name: string): RecordedResource {
        return this.evaluation().recorder.named(name);
    }

    /** The environment the program gives the API's Lambda function. */
    functionEnvironment(): Record<string, string> {
        const inputs = plain(this.named(API_FUNCTION).inputs) as { environment?: { variables?: Record<string, string> } };
        return { ...(inputs.environment?.variables ?? {}) };
    }

    /** The folder the api build step wrote (`api`, `bootstrap`, the zip). */
    apiDir(): string {
        return path.join(this.opts.projectDir, ".tesseral", this.opts.stack, "api");
    }

    /** A build folder of the stack (`console/public`, `vault-ui/public`, `openauthctl`). */
    buildDir(...parts: string[]): string {
        return path.join(this.opts.projectDir, ".tesseral", this.opts.stack, ...parts);
    }

    stackOutputs(): Record<string, unknown> {
        return this.evaluation().stackOutputs;
    }
}
