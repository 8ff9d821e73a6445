/**
 * The settings the real `api` reads, from its source: the `conf:"..."` tags of the config struct
 * in cmd/api/main.go (github.com/ssoready/conf; a nested struct's tag prefixes its fields', as
 * `db` + internal/dbconn's `dsn` gives `API_DB_DSN`), named as conf's envify names them.
 */
import * as fs from "fs";
import * as path from "path";

/** conf's envify for lower-case names: separators become `_`, letters upper case. */
export function envify(name: string): string {
    return name.replace(/[-._]/g, "_").toUpperCase();
}

export function apiSettingsFromSource(tree: string): string[] {
    const main = fs.readFileSync(path.join(tree, "cmd", "api", "main.go"), "utf8");
    const dbconn = fs.readFileSync(path.join(tree, "internal", "dbconn", "dbconn.go"), "utf8");
    const tags = (text: string) => [...text.matchAll(/conf:"([^",]+)/g)].map((m) => m[1]);
    const nested = new Map([["db", tags(dbconn)]]);
    return tags(main).flatMap((t) => (nested.get(t) ?? [""]).map((sub) => `API_${envify(sub ? `${t}_${sub}` : t)}`)).sort();
}

/** What the program may leave unset, and why. Every other setting must reach the API. */
export const OPTIONAL_API_SETTINGS: Record<string, string> = {
    API_OTEL_EXPORT_TRACES: "tracing is off unless configured",
    API_OTLP_TRACE_GRPC_INSECURE: "tracing is off unless configured",
    API_CLOUDFLARE_API_TOKEN: "custom vault domains (Cloudflare custom host names) are not supported",
    API_TESSERAL_DNS_CLOUDFLARE_ZONE_ID: "custom vault domains are not supported",
    API_KMS_ENDPOINT_RESOLVER_URL: "endpoint overrides are for emulators",
    API_S3_ENDPOINT_RESOLVER_URL: "endpoint overrides are for emulators",
    API_SES_ENDPOINT_RESOLVER_URL: "endpoint overrides are for emulators",
    API_STRIPE_PRICE_ID_GROWTH_TIER: "billing of the hosted service",
    API_DEFAULT_GOOGLE_OAUTH_CLIENT_ID: "optional default OAuth client",
    API_DEFAULT_GOOGLE_OAUTH_CLIENT_SECRET: "optional default OAuth client",
    API_DEFAULT_GOOGLE_OAUTH_REDIRECT_URI: "optional default OAuth client",
    API_DEFAULT_MICROSOFT_OAUTH_CLIENT_ID: "optional default OAuth client",
    API_DEFAULT_MICROSOFT_OAUTH_CLIENT_SECRET: "optional default OAuth client",
    API_DEFAULT_MICROSOFT_OAUTH_REDIRECT_URI: "optional default OAuth client",
    API_DEFAULT_GITHUB_OAUTH_CLIENT_ID: "optional default OAuth client",
    API_DEFAULT_GITHUB_OAUTH_CLIENT_SECRET: "optional default OAuth client",
    API_DEFAULT_GITHUB_OAUTH_REDIRECT_URI: "optional default OAuth client",
};
