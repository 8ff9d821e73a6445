import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { encryptedAtRest, ownerEnforced, publicAccessBlocked, tlsOnlyPolicy } from "../util/s3-bucket";

export { tlsOnlyPolicy };

/**
 * The bucket Tesseral keeps user content in (project logos under
 * `vault-ui-settings-v1/<project id>/logo` and `.../logo-dark`). The API hands the browser
 * presigned PutObject/GetObject URLs, so the console's origin uploads straight to the bucket.
 */
export interface UserContentArgs {
    /** The console's host name; `https://<consoleDomain>` may PUT/GET/HEAD via CORS. */
    consoleDomain: string;
    /** Further origins (full `https://...` origins) allowed by CORS. */
    extraCorsOrigins?: string[];
    /** Keep the bucket (and its objects) when the stack is destroyed. */
    protect: boolean;
    /**
     * Write the bucket policy (TLS only). Default true; false when something else owns the whole
     * policy, e.g. the edge, which adds CloudFront's read access (one bucket has one policy).
     */
    managePolicy?: boolean;
}

/** The one CORS rule: browser uploads and reads from the console's origin plus any extras. */
export function corsRules(consoleDomain: string, extra: string[] = []): {
    allowedMethods: string[];
    allowedOrigins: string[];
    allowedHeaders: string[];
    exposeHeaders: string[];
    maxAgeSeconds: number;
}[] {
    const origins = [`https://${consoleDomain}`, ...extra].filter((o, i, all) => all.indexOf(o) === i);
    return [{
        allowedMethods: ["PUT", "GET", "HEAD"],
        allowedOrigins: origins,
        allowedHeaders: ["*"],
        exposeHeaders: ["ETag"],
        maxAgeSeconds: 3000,
    }];
}

/** Private, encrypted, versioned S3 bucket for user content, with console CORS and TLS-only access. */
export class UserContent extends pulumi.ComponentResource {
    public readonly bucket: aws.s3.Bucket;
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    public readonly bucketRegionalDomainName: pulumi.Output<string>;

    constructor(name: string, args: UserContentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:UserContent", name, {}, opts);
        const parent = { parent: this };

        // 1. The bucket itself: kept on delete when protected, emptied on destroy otherwise.
        const bucket = new aws.s3.Bucket(`${name}-bucket`, {
            forceDestroy: !args.protect,
        }, { ...parent, retainOnDelete: args.protect });

        // 2. Object ownership: ACLs off, the bucket owner owns everything.
        const ownership = ownerEnforced(`${name}-ownership`, bucket, parent);

        // 3. No public access of any kind (CloudFront will read it through OAC later).
        const publicAccess = publicAccessBlocked(`${name}-public-access`, bucket, parent);

        // 4. Encryption at rest.
        encryptedAtRest(`${name}-encryption`, bucket, parent);

        // 5. Versioning, so an overwritten logo can be recovered.
        new aws.s3.BucketVersioning(`${name}-versioning`, {
            bucket: bucket.id,
            versioningConfiguration: { status: "Enabled" },
        }, parent);

        // 6. CORS for the browser's presigned PUT/GET from the console.
        new aws.s3.BucketCorsConfiguration(`${name}-cors`, {
            bucket: bucket.id,
            corsRules: corsRules(args.consoleDomain, args.extraCorsOrigins ?? []),
        }, parent);

        // 7. TLS only; after the public access block to avoid AWS's policy/PAB race.
        if (args.managePolicy !== false) {
            new aws.s3.BucketPolicy(`${name}-policy`, {
                bucket: bucket.id,
                policy: bucket.arn.apply((a) => JSON.stringify(tlsOnlyPolicy(a))),
            }, { ...parent, dependsOn: [publicAccess, ownership] });
        }

        this.bucket = bucket;
        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.bucketRegionalDomainName = bucket.bucketRegionalDomainName;
        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            bucketRegionalDomainName: this.bucketRegionalDomainName,
        });
    }
}
