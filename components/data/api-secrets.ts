import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as random from "@pulumi/random";
import { SecretArgs, SECRET_KEYS } from "../config/settings";
import { sha256, stableJson } from "../util/hash";

/** Tesseral's API setting (environment variable) for each optional secret (tesseral-facts.md). */
export const SECRET_ENV_NAMES = {
    stripeApiKey: "API_STRIPE_API_KEY",
    svixApiKey: "API_SVIX_API_KEY",
    sentryDsn: "API_SENTRY_DSN",
    defaultGoogleOAuthClientId: "API_DEFAULT_GOOGLE_OAUTH_CLIENT_ID",
    defaultGoogleOAuthClientSecret: "API_DEFAULT_GOOGLE_OAUTH_CLIENT_SECRET",
    defaultMicrosoftOAuthClientId: "API_DEFAULT_MICROSOFT_OAUTH_CLIENT_ID",
    defaultMicrosoftOAuthClientSecret: "API_DEFAULT_MICROSOFT_OAUTH_CLIENT_SECRET",
    defaultGithubOAuthClientId: "API_DEFAULT_GITHUB_OAUTH_CLIENT_ID",
    defaultGithubOAuthClientSecret: "API_DEFAULT_GITHUB_OAUTH_CLIENT_SECRET",
} as const satisfies Record<keyof SecretArgs, string>;

/**
 * Settings Tesseral reads before it loads its secret (cmd/api/main.go reads API_SENTRY_DSN first):
 * in the secret they would never take effect, so they go to the function's environment instead.
 */
export const READ_BEFORE_SECRET: readonly (keyof SecretArgs)[] = ["sentryDsn"];

/** The plain values the API secret is built from. */
export type ApiSecretValues = { dsn: string; pageEncodingValue: string } & Partial<Record<keyof SecretArgs, string>>;

const PAGE_ENCODING_VALUE = /^[0-9a-f]{64}$/;

/** The page-encoding value made from a random password: its SHA-256, 64 lowercase hex characters. Pure. */
export function pageEncodingFrom(randomPassword: string): string {
    if (randomPassword.length < 32) throw new Error("the page-encoding source must be at least 32 random characters");
    return sha256(randomPassword);
}

/**
 * The environment Tesseral's API reads from the secret: the database DSN, the page-encoding
 * value and every optional secret that is set. Keys are sorted. Never echoes a value in errors.
 */
export function apiSecretEnvironment(values: ApiSecretValues): Record<string, string> {
    if (typeof values.pageEncodingValue !== "string" || !PAGE_ENCODING_VALUE.test(values.pageEncodingValue)) {
        throw new Error("API page-encoding value must be 64 lowercase hex characters (32 bytes)");
    }
    if (typeof values.dsn !== "string" || values.dsn === "") {
        throw new Error("API database DSN must be a non-empty string");
    }
    const env: Record<string, string> = {
        API_DB_DSN: values.dsn,
        API_PAGE_ENCODING_VALUE: values.pageEncodingValue,
    };
    for (const key of SECRET_KEYS) {
        if (READ_BEFORE_SECRET.includes(key)) continue;
        const value = values[key];
        if (value !== undefined && value !== "") env[SECRET_ENV_NAMES[key]] = value;
    }
    const sorted: Record<string, string> = {};
    for (const k of Object.keys(env).sort()) sorted[k] = env[k];
    return sorted;
}

export interface ApiSecretsArgs {
    /** Secret PostgreSQL URL. */
    dsn: pulumi.Output<string>;
    secrets: SecretArgs;
    /** Keep the secret on destroy and give it a 30-day recovery window. */
    protect: boolean;
}

/** One Secrets Manager secret holding the API's sensitive settings as a JSON object. */
export class ApiSecrets extends pulumi.ComponentResource {
    public readonly secret: aws.secretsmanager.Secret;
    public readonly secretArn: pulumi.Output<string>;
    public readonly secretName: pulumi.Output<string>;
    /** The secret's value; whatever reads the secret at run time waits for it. */
    public readonly version: aws.secretsmanager.SecretVersion;

    constructor(name: string, args: ApiSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:ApiSecrets", name, {}, opts);
        const pageEncodingValue = this.pageEncodingValue(name);
        const secretString = this.secretString(args, pageEncodingValue);
        this.secret = this.createSecret(name, args.protect);
        this.version = this.createVersion(name, secretString);
        this.secretArn = this.secret.arn;
        this.secretName = this.secret.name;
        this.registerOutputs({ secretArn: this.secretArn, secretName: this.secretName });
    }

    /**
     * 32 bytes as 64 hex characters, secret: the SHA-256 of a 64-character random password (about
     * 380 bits). Not RandomBytes nor RandomId: their resource id carries the same bytes (base64 or
     * hex), and a resource id is never encrypted in state. A RandomPassword's id is the fixed "none".
     */
    private pageEncodingValue(name: string): pulumi.Output<string> {
        const source = new random.RandomPassword(`${name}-page-encoding`, { length: 64, special: false }, {
            parent: this, additionalSecretOutputs: ["result", "bcryptHash"],
        });
        return pulumi.secret(source.result.apply(pageEncodingFrom));
    }

    /** The sorted JSON environment, secret. */
    private secretString(args: ApiSecretsArgs, pageEncodingValue: pulumi.Output<string>): pulumi.Output<string> {
        const optional: Partial<Record<keyof SecretArgs, pulumi.Input<string>>> = {};
        for (const key of SECRET_KEYS) {
            const value = args.secrets[key];
            if (value !== undefined) optional[key] = value;
        }
        const json = pulumi
            .all([args.dsn, pageEncodingValue, pulumi.output(optional)])
            .apply(([dsn, page, rest]) => stableJson(apiSecretEnvironment({ ...(rest as Partial<Record<keyof SecretArgs, string>>), dsn, pageEncodingValue: page })));
        return pulumi.secret(json);
    }

    private createSecret(name: string, protect: boolean): aws.secretsmanager.Secret {
        return new aws.secretsmanager.Secret(`${name}-secret`, {
            namePrefix: `${pulumi.getStack()}-tesseral-api-`,
            description: `Tesseral API settings: database DSN, page-encoding value and optional third-party secrets (${pulumi.getStack()})`,
            recoveryWindowInDays: protect ? 30 : 0,
        }, { parent: this, retainOnDelete: protect });
    }

    private createVersion(name: string, secretString: pulumi.Output<string>): aws.secretsmanager.SecretVersion {
        return new aws.secretsmanager.SecretVersion(`${name}-version`, {
            secretId: this.secret.id,
            secretString: pulumi.secret(secretString),
        }, { parent: this });
    }
}
