import { SecretArgs } from "./settings";

/**
 * What a stack lacks for a feature a user will reach for, as warnings for `pulumi up`. At the pinned
 * commit Tesseral creates a Stripe customer and a Svix application for every new project,
 * unconditionally (internal/intermediate/store/projects.go), so without both keys creating a project
 * fails; the dogfood console works. Pure.
 */
export function settingsWarnings(secrets: SecretArgs): string[] {
    const missing = (["stripeApiKey", "svixApiKey"] as const).filter((k) => secrets[k] === undefined);
    if (missing.length === 0) return [];
    return [`tesseral:${missing.join(" and tesseral:")} not set: logging into the console works, but creating a project fails `
        + "(Tesseral calls Stripe and Svix for every new project). Set both with `pulumi config set --secret` (a Stripe test-mode key works)."];
}
