import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { modulePathFromProject } from "../util/naming";

/** The upload script's source, handed to `node -` by the step. */
export function uploadFileSource(): string {
    return fs.readFileSync(path.join(__dirname, "upload-file.js"), "utf8");
}


export interface S3FileArgs {
    /** Local file, relative to the Pulumi project. */
    file: string;
    bucket: pulumi.Input<string>;
    /** Content-addressed key: a new content is a new key, so the step runs only when content changes. */
    key: pulumi.Input<string>;
    contentType?: string;
    region: pulumi.Input<string>;
    dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
}

/**
 * Uploads a build output to S3 once per content. What consumes it (Lambda's `s3Key`) refers to
 * the key, never to the local file, so a later `pulumi up` on a machine without the file still
 * does nothing when nothing changed.
 */
export class S3File extends pulumi.ComponentResource {
    public readonly bucket: pulumi.Output<string>;
    public readonly key: pulumi.Output<string>;
    public readonly step: command.local.Command;

    constructor(name: string, args: S3FileArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:S3File", name, {}, opts);
        this.bucket = pulumi.output(args.bucket);
        this.key = pulumi.output(args.key);
        this.step = new command.local.Command(`${name}-upload`, {
            create: "node -",
            stdin: uploadFileSource(),
            environment: {
                TESSERAL_FILE: args.file,
                TESSERAL_BUCKET: args.bucket,
                TESSERAL_KEY: args.key,
                TESSERAL_CONTENT_TYPE: args.contentType ?? "application/octet-stream",
                TESSERAL_S3_CLIENT: modulePathFromProject("@aws-sdk/client-s3"),
                AWS_REGION: args.region,
            },
            triggers: [args.bucket, args.key],
            addPreviousOutputInEnv: false,
        }, { parent: this, dependsOn: args.dependsOn });
        this.registerOutputs({ bucket: this.bucket, key: this.key });
    }
}
