/**
 * Outputs for the program's AWS resources that Tesseral itself talks to, made real in the AWS
 * emulator: KMS keys (with the key spec and usage the program declares), the Secrets Manager
 * secret and its value, S3 buckets (with their CORS rules) and SES identities. The database is a
 * real PostgreSQL on loopback. Everything else keeps the static mocks' outputs. A resource is
 * created once per name: a second evaluation (`up`) gets the same one back.
 */
import { CreateKeyCommand, KMSClient, KeySpec, KeyUsageType } from "@aws-sdk/client-kms";
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { CreateBucketCommand, PutBucketCorsCommand, S3Client, CORSRule } from "@aws-sdk/client-s3";
import { CreateEmailIdentityCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import { AwsEmulator } from "./aws-emulator";
import { sha256 } from "../../components/util/hash";

type Obj = Record<string, unknown>;

export interface LocalDatabase {
    host: string;
    port: number;
    /** The master password the program's RandomPassword stands for. */
    password: string;
}

/** A name AWS would generate from a prefix: the prefix and a stable suffix. */
function generated(prefix: string, name: string): string {
    return `${prefix}${sha256(name).slice(0, 12)}`;
}

export class EmulatedAws {
    private readonly made = new Map<string, Obj>();
    /** Clients of the emulator (also for tests and the local edge). */
    readonly kms: KMSClient;
    private readonly secrets: SecretsManagerClient;
    readonly s3: S3Client;
    private readonly ses: SESv2Client;

    constructor(private readonly emulator: AwsEmulator, private readonly db: LocalDatabase) {
        const base = {
            region: emulator.region,
            credentials: { accessKeyId: emulator.env.AWS_ACCESS_KEY_ID, secretAccessKey: emulator.env.AWS_SECRET_ACCESS_KEY },
        };
        this.kms = new KMSClient({ ...base, endpoint: emulator.kmsEndpoint });
        this.secrets = new SecretsManagerClient({ ...base, endpoint: emulator.endpoint });
        this.s3 = new S3Client({ ...base, endpoint: emulator.endpoint, forcePathStyle: true });
        this.ses = new SESv2Client({ ...base, endpoint: emulator.endpoint });
    }

    /** The engine's `overrides` hook. */
    outputs = async (type: string, name: string, inputs: Obj): Promise<Obj | undefined> => {
        const key = `${type}::${name}`;
        const known = this.made.get(key);
        if (known && !this.changesInPlace(type)) return known;
        const out = await this.create(type, name, inputs);
        if (out) this.made.set(key, out);
        return out;
    };

    /** What the emulator made for a resource (its outputs), by the program's type and name. */
    outputsOf(type: string, name: string): Obj {
        const out = this.made.get(`${type}::${name}`);
        if (!out) throw new Error(`the emulator made no ${type} named ${name}`);
        return out;
    }

    /** The bucket name of the program's bucket resource `name`. */
    bucket(name: string): string {
        return String(this.outputsOf("aws:s3/bucket:Bucket", name).bucket);
    }

    /** Resources whose every evaluation writes through (a new secret value must reach the emulator). */
    private changesInPlace(type: string): boolean {
        return type === "aws:secretsmanager/secretVersion:SecretVersion" || type === "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration";
    }

    private async create(type: string, name: string, inputs: Obj): Promise<Obj | undefined> {
        switch (type) {
            case "aws:rds/instance:Instance":
                // No identifier: the emulator has no RDS API, so there is nothing to snapshot before a migration.
                return { address: this.db.host, port: this.db.port, endpoint: `${this.db.host}:${this.db.port}`, resourceId: "db-LOCALEMULATED", identifier: "" };
            case "random:index/randomPassword:RandomPassword":
                return name.endsWith("-db-password") ? { result: this.db.password } : undefined;
            case "aws:kms/key:Key": {
                // The spec and usage the program declares (Pulumi's keySpec, or the older customerMasterKeySpec).
                const spec = (inputs.keySpec ?? inputs.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT") as KeySpec;
                const usage = (inputs.keyUsage ?? "ENCRYPT_DECRYPT") as KeyUsageType;
                const made = await this.kms.send(new CreateKeyCommand({ KeySpec: spec, KeyUsage: usage, Description: String(inputs.description ?? name) }));
                const meta = made.KeyMetadata!;
                return { id: meta.KeyId, keyId: meta.KeyId, arn: meta.Arn };
            }
            case "aws:secretsmanager/secret:Secret": {
                const secretName = typeof inputs.name === "string" ? inputs.name : generated(String(inputs.namePrefix ?? `${name}-`), name);
                const made = await this.secrets.send(new CreateSecretCommand({ Name: secretName, Description: String(inputs.description ?? "") }));
                return { id: made.ARN, arn: made.ARN, name: secretName };
            }
            case "aws:secretsmanager/secretVersion:SecretVersion": {
                const put = await this.secrets.send(new PutSecretValueCommand({ SecretId: String(inputs.secretId), SecretString: String(inputs.secretString) }));
                return { id: `${String(inputs.secretId)}|${put.VersionId}`, versionId: put.VersionId, arn: put.ARN };
            }
            case "aws:s3/bucket:Bucket": {
                const bucket = typeof inputs.bucket === "string" ? inputs.bucket : generated(String(inputs.bucketPrefix ?? `${name}-`), name).toLowerCase();
                await this.s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: this.emulator.region as never } }));
                return {
                    id: bucket, bucket, arn: `arn:aws:s3:::${bucket}`,
                    bucketRegionalDomainName: `${bucket}.s3.${this.emulator.region}.amazonaws.com`,
                    bucketDomainName: `${bucket}.s3.amazonaws.com`,
                };
            }
            case "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": {
                const rules = ((inputs.corsRules ?? []) as Obj[]).map((r): CORSRule => ({
                    AllowedMethods: r.allowedMethods as string[], AllowedOrigins: r.allowedOrigins as string[],
                    AllowedHeaders: r.allowedHeaders as string[] | undefined, ExposeHeaders: r.exposeHeaders as string[] | undefined,
                    MaxAgeSeconds: r.maxAgeSeconds as number | undefined,
                }));
                await this.s3.send(new PutBucketCorsCommand({ Bucket: String(inputs.bucket), CORSConfiguration: { CORSRules: rules } }));
                return undefined;
            }
            case "aws:sesv2/emailIdentity:EmailIdentity":
                await this.ses.send(new CreateEmailIdentityCommand({ EmailIdentity: String(inputs.emailIdentity) }));
                return undefined;
            default:
                return undefined;
        }
    }
}
