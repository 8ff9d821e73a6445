import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { denyInsecureTransportStatement, encryptedAtRest, ownerEnforced, publicAccessBlocked } from "../util/s3-bucket";

/**
 * The policy of a bucket CloudFront reads through origin access control: `s3:GetObject` for the
 * CloudFront service principal of exactly one distribution (`AWS:SourceArn`), and nothing over
 * plain HTTP for anyone.
 */
export function cloudFrontReadPolicy(bucketArn: string, distributionArn: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CloudFrontRead",
                Effect: "Allow",
                Principal: { Service: "cloudfront.amazonaws.com" },
                Action: "s3:GetObject",
                Resource: `${bucketArn}/*`,
                Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
            },
            denyInsecureTransportStatement(bucketArn),
        ],
    };
}

/**
 * A private bucket holding one built SPA: no public access, ACLs off, encrypted. It holds only
 * what a build makes again, so it is emptied on destroy.
 */
export class SiteBucket extends pulumi.ComponentResource {
    public readonly bucket: aws.s3.Bucket;
    /** Resources a bucket policy must wait for (AWS rejects a policy racing the access block). */
    public readonly ready: pulumi.Resource[];

    constructor(name: string, args: Record<string, never> = {}, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:SiteBucket", name, args, opts);
        this.bucket = new aws.s3.Bucket(`${name}-bucket`, { forceDestroy: true }, { parent: this });
        const ownership = ownerEnforced(`${name}-ownership`, this.bucket, { parent: this });
        const block = publicAccessBlocked(`${name}-public-access`, this.bucket, { parent: this });
        encryptedAtRest(`${name}-sse`, this.bucket, { parent: this });
        this.ready = [ownership, block];
        this.registerOutputs({ bucketName: this.bucket.bucket });
    }
}

/** Attaches `cloudFrontReadPolicy` to a bucket once its distribution (and so its ARN) exists. */
export function cloudFrontReadBucketPolicy(
    name: string, bucket: { name: pulumi.Input<string>; arn: pulumi.Input<string> }, distributionArn: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): aws.s3.BucketPolicy {
    return new aws.s3.BucketPolicy(name, {
        bucket: bucket.name,
        policy: pulumi.all([bucket.arn, distributionArn]).apply(([b, d]) => JSON.stringify(cloudFrontReadPolicy(b, d))),
    }, opts);
}
