// Where the stand-in mirrors a resource into the AWS emulator on loopback (AWS_ENDPOINT_URL), so
// the publish steps' real S3/CloudFront calls (AWS SDK v3) find what the program created.
import { CloudFrontClient, CreateDistributionCommand } from "@aws-sdk/client-cloudfront";
import { CreateKeyCommand, KeySpec, KeyUsageType, KMSClient } from "@aws-sdk/client-kms";
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";

type Props = Record<string, unknown>;

const s3 = (): S3Client => new S3Client({ forcePathStyle: true });

/**
 * Create the emulator's counterpart of a resource the stand-in just created (`ref`: its own new
 * id, unique, as the caller reference the real provider generates per distribution); no-op without an
 * emulator. Returns the emulator's id where the resource must carry it (a CloudFront distribution:
 * the publish step invalidates it by id).
 */
export async function mirrorCreate(type: string, ref: string, outs: Props): Promise<string | undefined> {
    if (!process.env.AWS_ENDPOINT_URL) return undefined;
    if (type === "aws:cloudfront/distribution:Distribution") {
        const created = await new CloudFrontClient({}).send(new CreateDistributionCommand({
            DistributionConfig: {
                CallerReference: ref, Comment: "stand-in", Enabled: true,
                Origins: { Quantity: 1, Items: [{ Id: "o", DomainName: "origin.example.com", CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: "https-only" } }] },
                DefaultCacheBehavior: { TargetOriginId: "o", ViewerProtocolPolicy: "redirect-to-https", CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6" },
            },
        }));
        return created.Distribution?.Id;
    }
    if (type === "aws:kms/key:Key" && process.env.AWS_ENDPOINT_URL_KMS) {
        // The real Tesseral encrypts with these keys (bootstrap's session key first): the emulator
        // holds a key of the spec and usage the program declares, and its id is the resource's id.
        const made = await new KMSClient({ endpoint: process.env.AWS_ENDPOINT_URL_KMS }).send(new CreateKeyCommand({
            KeySpec: String(outs.customerMasterKeySpec ?? outs.keySpec ?? "SYMMETRIC_DEFAULT") as KeySpec,
            KeyUsage: String(outs.keyUsage ?? "ENCRYPT_DECRYPT") as KeyUsageType,
            Description: String(outs.description ?? ref),
        }));
        return made.KeyMetadata?.KeyId;
    }
    if (type === "aws:s3/bucket:Bucket") {
        const region = process.env.AWS_REGION ?? "us-east-1";
        await s3().send(new CreateBucketCommand({
            Bucket: String(outs.bucket),
            ...(region === "us-east-1" ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
        })).catch((e: { name?: string }) => {
            if (e.name !== "BucketAlreadyOwnedByYou") throw e;
        });
    }
    return undefined;
}

/**
 * Delete the emulator's counterpart of a deleted resource; no-op without an emulator. A bucket is
 * emptied first only with `forceDestroy` (as the real provider does); otherwise a bucket that
 * still holds objects is refused with S3's BucketNotEmpty, as on AWS.
 */
export async function mirrorDelete(type: string, olds: Props): Promise<void> {
    if (!process.env.AWS_ENDPOINT_URL || type !== "aws:s3/bucket:Bucket") return;
    const client = s3();
    const Bucket = String(olds.bucket);
    if (olds.forceDestroy === true) {
        for (;;) {
            const listed = await client.send(new ListObjectVersionsCommand({ Bucket }));
            const objects = [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])]
                .map((v) => ({ Key: v.Key ?? "", VersionId: v.VersionId }));
            if (objects.length === 0) break;
            const deleted = await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: objects, Quiet: true } }));
            if (deleted.Errors?.length) throw new Error(`emptying ${Bucket}: ${deleted.Errors.map((e) => `${e.Key}: ${e.Code}`).join(", ")}`);
        }
    }
    await client.send(new DeleteBucketCommand({ Bucket })).catch((e: { name?: string }) => {
        if (e.name !== "NoSuchBucket") throw e;
    });
}
