import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { script } from "../util/shell";
import { zipWriterSource } from "./lambda-bundle";

export interface ZipDigests {
    zipSha256: string;
    /** Lambda's `sourceCodeHash`. */
    zipBase64Sha256: string;
}

export interface ZipStepArgs {
    /** Zip entry name → file, relative to the Pulumi project. */
    entries: Record<string, string>;
    /** The zip to write, relative to the Pulumi project. */
    outFile: string;
    /** What the zip's content depends on (fingerprints of its files). */
    triggers: pulumi.Input<unknown>[];
    dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
}

/** Parses the zip step's stdout. */
export function parseZipDigests(stdout: string): ZipDigests {
    const parsed = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as ZipDigests;
    if (!/^[0-9a-f]{64}$/.test(parsed.zipSha256 ?? "")) throw new Error("zip step printed no digest");
    return parsed;
}

/** A reproducible zip (mode 0755, fixed times) of files other steps built. */
export class ZipStep extends pulumi.ComponentResource {
    public readonly step: command.local.Command;
    public readonly digests: pulumi.Output<ZipDigests>;
    public readonly outFile: string;

    constructor(name: string, args: ZipStepArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:ZipStep", name, {}, opts);
        this.outFile = args.outFile;
        this.step = new command.local.Command(`${name}-zip`, {
            create: script(`mkdir -p "$(dirname "$TESSERAL_ZIP")"`, `node - "$TESSERAL_ZIP"`),
            stdin: zipWriterSource(),
            environment: {
                TESSERAL_ZIP: args.outFile,
                TESSERAL_ZIP_ENTRIES: JSON.stringify(Object.fromEntries(Object.entries(args.entries).sort())),
                TESSERAL_ZIP_PRINT_DIGESTS: "1",
            },
            triggers: args.triggers,
        }, { parent: this, dependsOn: args.dependsOn });
        this.digests = this.step.stdout.apply(parseZipDigests);
        this.registerOutputs({ outFile: this.outFile, digests: this.digests });
    }
}
