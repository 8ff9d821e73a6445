import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { KmsPurpose } from "./keys";

/** What the account's administrators may do with the keys: manage them, not use them. */
export const KEY_ADMIN_ACTIONS = [
    "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
    "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
];
/** What Tesseral does with a key (tesseral-facts.md): Encrypt and Decrypt, nothing else. */
export const KEY_USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt"];

/** What bootstrap does with the session key: it encrypts the first session signing key, nothing else. */
export const BOOTSTRAP_ACTIONS = ["kms:Encrypt"];

/**
 * A key policy: the account (its IAM administrators) administers the key; only `users` (the
 * API's role) may encrypt and decrypt, and `encryptors` (for the session key, whoever bootstraps)
 * may only encrypt.
 */
export function keyPolicy(accountId: string, users: string[], encryptors: string[] = [], partition = "aws"): object {
    const principals = [...new Set(users.filter((u) => u))].sort();
    const encryptOnly = [...new Set(encryptors.filter((u) => u && !principals.includes(u)))].sort();
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersTheKey",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: KEY_ADMIN_ACTIONS,
                Resource: "*",
            },
            // A statement needs a principal: with no user yet, nobody may use the key.
            ...(principals.length === 0 ? [] : [{
                Sid: "TesseralUsesTheKey",
                Effect: "Allow",
                Principal: { AWS: principals },
                Action: KEY_USE_ACTIONS,
                Resource: "*",
            }]),
            ...(encryptOnly.length === 0 ? [] : [{
                Sid: "BootstrapEncrypts",
                Effect: "Allow",
                Principal: { AWS: encryptOnly },
                Action: BOOTSTRAP_ACTIONS,
                Resource: "*",
            }]),
        ],
    };
}

export interface KeyPoliciesArgs {
    keys: Record<KmsPurpose, aws.kms.Key>;
    accountId: pulumi.Input<string>;
    /** Role ARNs allowed to use every key (the API). */
    users: pulumi.Input<string>[];
    /** Role ARNs allowed to encrypt (only) with the session key: whoever runs bootstrap. */
    sessionKeyEncryptors: pulumi.Input<string>[];
}

/** Attaches a key policy to each key, once the roles that use them exist. */
export class KeyPolicies extends pulumi.ComponentResource {
    constructor(name: string, args: KeyPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:KeyPolicies", name, {}, opts);
        for (const [purpose, key] of Object.entries(args.keys) as [KmsPurpose, aws.kms.Key][]) {
            const encryptors = purpose === "session" ? args.sessionKeyEncryptors : [];
            new aws.kms.KeyPolicy(`${name}-${purpose}`, {
                keyId: key.keyId,
                policy: pulumi.all([args.accountId, pulumi.all(args.users), pulumi.all(encryptors)])
                    .apply(([account, users, enc]) => JSON.stringify(keyPolicy(account, users, enc))),
            }, { parent: this });
        }
        this.registerOutputs({});
    }
}
