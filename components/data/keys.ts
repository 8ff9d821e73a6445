import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

/** Tesseral's KMS purposes and the API setting that names each key (tesseral-facts.md). */
export const KMS_PURPOSES = {
    session: "API_SESSION_KMS_KEY_ID",
    intermediateSession: "API_INTERMEDIATE_SESSION_KMS_KEY_ID",
    googleOAuthClientSecrets: "API_GOOGLE_OAUTH_CLIENT_SECRETS_KMS_KEY_ID",
    microsoftOAuthClientSecrets: "API_MICROSOFT_OAUTH_CLIENT_SECRETS_KMS_KEY_ID",
    githubOAuthClientSecrets: "API_GITHUB_OAUTH_CLIENT_SECRETS_KMS_KEY_ID",
    oidcClientSecrets: "API_OIDC_CLIENT_SECRETS_KMS_KEY_ID",
    authenticatorAppSecrets: "API_AUTHENTICATOR_APP_SECRETS_KMS_KEY_ID",
} as const;

export type KmsPurpose = keyof typeof KMS_PURPOSES;

/**
 * `alias/<project>-<stack>-tesseral-<purpose in kebab case>`: aliases are unique per account and
 * region, so the project is in it; characters KMS refuses in an alias (anything but [A-Za-z0-9/_-],
 * e.g. a `.` in a stack name) become `-`.
 */
export function kmsAliasName(stack: string, purpose: KmsPurpose, project: string): string {
    const kebab = purpose.replace(/OAuth/g, "Oauth").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    return `alias/${`${project}-${stack}`.replace(/[^A-Za-z0-9_-]/g, "-")}-tesseral-${kebab}`;
}

export interface KeysArgs {
    protect: boolean;
}

/**
 * The key type Tesseral needs: every Encrypt/Decrypt it makes (bootstrap included) passes
 * `RSAES_OAEP_SHA_256`, which real KMS refuses on a symmetric key (InvalidKeyUsageException).
 * KMS has no automatic rotation for asymmetric keys, so none is asked for.
 */
export const KMS_KEY_SPEC = "RSA_2048";

/** One RSA_2048 encrypt/decrypt key per purpose, a 30-day deletion window. */
export class Keys extends pulumi.ComponentResource {
    public readonly keys: Record<KmsPurpose, aws.kms.Key>;

    constructor(name: string, args: KeysArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:Keys", name, {}, opts);
        const stack = pulumi.getStack();
        const keys = {} as Record<KmsPurpose, aws.kms.Key>;
        for (const purpose of Object.keys(KMS_PURPOSES) as KmsPurpose[]) {
            const key = new aws.kms.Key(`${name}-${purpose}`, {
                description: `Tesseral ${purpose} (${stack})`,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: KMS_KEY_SPEC,
                deletionWindowInDays: 30,
            }, { parent: this, retainOnDelete: args.protect });
            new aws.kms.Alias(`${name}-${purpose}`, { name: kmsAliasName(stack, purpose, pulumi.getProject()), targetKeyId: key.keyId }, { parent: this });
            keys[purpose] = key;
        }
        this.keys = keys;
        this.registerOutputs({});
    }
}
