/**
 * Who may encrypt with the session key when bootstrap runs on the deploying machine (`runner:
 * local`): the identity behind its credentials (an IAM role or user). The account root is
 * refused: a key policy statement for `...:root` hands the key to every principal of the account
 * that IAM allows, which defeats the key policy. Pure.
 */
export function localBootstrapper(issuerArn: string): string {
    if (/^arn:[^:]+:iam::\d{12}:root$/.test(issuerArn)) {
        throw new Error(`tesseral:runner = "local" with the account's root credentials (${issuerArn}): bootstrap would need the session key `
            + "granted to the whole account. Deploy with an IAM role or user, or use runner: lambda (the default).");
    }
    return issuerArn;
}
