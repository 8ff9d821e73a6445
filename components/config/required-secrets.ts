import { ConfigError } from "./errors";
import { SecretArgs } from "./settings";

/** The secrets without which Tesseral cannot create a project. */
export const REQUIRED_SECRETS = ["stripeApiKey", "svixApiKey"] as const;

/**
 * Stripe and Svix are required. At the pinned commit the api builds both clients unconditionally
 * (cmd/api/main.go); creating a project (the console's "Create a new project", every customer's
 * first step) creates a Stripe customer and a Svix application for it
 * (internal/intermediate/store/projects.go, webhooks.go), and every user or organization change of
 * such a project sends a Svix message. Without both keys the console logs in and nothing more
 * works, so a stack without them is refused before anything is created. Pure.
 */
export function requireProjectServices(secrets: SecretArgs): void {
    const missing = REQUIRED_SECRETS.filter((k) => secrets[k] === undefined);
    if (missing.length === 0) return;
    throw new ConfigError(missing[0], undefined,
        `required, as is tesseral:${missing[0] === "stripeApiKey" ? "svixApiKey" : "stripeApiKey"} (missing: ${missing.map((k) => `tesseral:${k}`).join(", ")}). `
        + "Tesseral creates a Stripe customer and a Svix application for every new project, and sends a Svix message on every user or organization change. "
        + "Set both with `pulumi config set --secret` (a Stripe test-mode key works; Svix has a free plan).");
}
