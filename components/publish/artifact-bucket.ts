import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { encryptedAtRest, publicAccessBlocked, tlsOnlyPolicy } from "../util/s3-bucket";

/**
 * Private storage for build artifacts Lambda loads code from (content-addressed keys). It holds
 * only what a build can make again, so it is emptied on destroy.
 */
export class ArtifactBucket extends pulumi.ComponentResource {
    public readonly bucket: aws.s3.Bucket;
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    /** Resources an upload must wait for (bucket policy and access block in place). */
    public readonly ready: pulumi.Resource[];

    constructor(name: string, args: Record<string, never> = {}, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:ArtifactBucket", name, args, opts);
        this.bucket = new aws.s3.Bucket(`${name}-bucket`, { forceDestroy: true }, { parent: this });
        this.bucketName = this.bucket.bucket;
        this.bucketArn = this.bucket.arn;
        const block = publicAccessBlocked(`${name}-public-access`, this.bucket, { parent: this });
        const sse = encryptedAtRest(`${name}-sse`, this.bucket, { parent: this });
        const lifecycle = new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
            bucket: this.bucket.id,
            rules: [{ id: "abort-incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } }],
        }, { parent: this });
        const policy = new aws.s3.BucketPolicy(`${name}-policy`, {
            bucket: this.bucket.id,
            policy: this.bucket.arn.apply((arn) => JSON.stringify(tlsOnlyPolicy(arn))),
        }, { parent: this, dependsOn: [block] });
        this.ready = [block, sse, lifecycle, policy];
        this.registerOutputs({ bucketName: this.bucketName });
    }
}
