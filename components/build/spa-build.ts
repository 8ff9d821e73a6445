import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { SourceTree } from "../source/source";
import { script } from "../util/shell";

export interface SpaBuildArgs {
    source: SourceTree;
    /** The SPA's folder in the Tesseral tree: `console` or `vault-ui`. */
    folder: string;
    /** Where the built `public/` is copied, relative to the Pulumi project. */
    outDir: string;
    /** Content fingerprint of the SPA's sources. */
    fingerprint: string;
    /** Values baked into the bundle at build time (e.g. CONSOLE_API_URL). */
    buildEnvironment?: Record<string, pulumi.Input<string>>;
    dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
}

/** The shell script of an SPA build step (constant text; values come from the environment). */
export function spaBuildScript(prepare: string): string {
    return script(
    `out="$(pwd)/$TESSERAL_OUT"`,
    prepare,
    `cd "$TESSERAL_SOURCE/$TESSERAL_SPA"`,
    `npm ci --no-audit --no-fund >&2`,
    `npm run build >&2`,
    `rm -rf "$out" && mkdir -p "$(dirname "$out")" && cp -R public "$out"`,
    );
}

/**
 * `npm ci && npm run build` of one of Tesseral's SPAs, with its build-time values in the
 * environment; the output is copied to this stack's build folder. Re-runs only when the sources
 * or the baked values change.
 */
export class SpaBuild extends pulumi.ComponentResource {
    /** The built files, relative to the Pulumi project. */
    public readonly publicDir: string;
    public readonly step: command.local.Command;

    constructor(name: string, args: SpaBuildArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:SpaBuild", name, {}, opts);
        this.publicDir = path.posix.join(args.outDir, "public");
        const baked = args.buildEnvironment ?? {};
        this.step = new command.local.Command(`${name}-build`, {
            create: spaBuildScript(args.source.prepare),
            environment: { ...args.source.environment, ...baked, TESSERAL_OUT: this.publicDir, TESSERAL_SPA: args.folder },
            triggers: [args.fingerprint, pulumi.output(baked)],
        }, { parent: this, dependsOn: args.dependsOn });
        this.registerOutputs({ publicDir: this.publicDir });
    }
}
