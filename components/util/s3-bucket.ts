import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

/** The statement that denies every S3 action over plain HTTP, on the bucket and its objects. */
export function denyInsecureTransportStatement(bucketArn: string): object {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** A bucket policy that only denies plain HTTP. */
export function tlsOnlyPolicy(bucketArn: string): object {
    return { Version: "2012-10-17", Statement: [denyInsecureTransportStatement(bucketArn)] };
}

// The controls every private bucket of this package has; each caller names its own resources.

/** ACLs off: the bucket owner owns every object. */
export function ownerEnforced(name: string, bucket: aws.s3.Bucket, opts: pulumi.CustomResourceOptions): aws.s3.BucketOwnershipControls {
    return new aws.s3.BucketOwnershipControls(name, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
}

/** No public access of any kind (CloudFront reads through origin access control). */
export function publicAccessBlocked(name: string, bucket: aws.s3.Bucket, opts: pulumi.CustomResourceOptions): aws.s3.BucketPublicAccessBlock {
    return new aws.s3.BucketPublicAccessBlock(name, {
        bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    }, opts);
}

/** Encryption at rest (SSE-S3, with a bucket key). */
export function encryptedAtRest(name: string, bucket: aws.s3.Bucket, opts: pulumi.CustomResourceOptions): aws.s3.BucketServerSideEncryptionConfiguration {
    return new aws.s3.BucketServerSideEncryptionConfiguration(name, {
        bucket: bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
    }, opts);
}
