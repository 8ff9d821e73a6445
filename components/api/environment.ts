import { KMS_PURPOSES, KmsPurpose } from "../data/keys";
import { SES_SPF_MX_RECORD_VALUE } from "../data/mail";
import { OAUTH_PROVIDERS, OAuthProvider } from "../config/settings";

/**
 * Where the API listens inside the function. The AWS Lambda Web Adapter proxies every request to
 * `localhost:<AWS_LWA_PORT>`, so any interface on that port will do.
 */
export const API_SERVE_ADDR = ":8080";

/** Tesseral's health path: the adapter waits for a 200 here before the first invocation. */
export const API_HEALTH_PATH = "/api/internal/health";

/** What the API's plain (non-secret) settings are made of. Plain data: resolve Outputs first. */
export interface ApiEnvironmentInputs {
    consoleDomain: string;
    vaultDomain: string;
    authAppsRootDomain: string;
    userContentDomain: string;
    /** The dogfood project id bootstrap printed (or the adopted one). */
    dogfoodProjectId: string;
    /** KMS key id (or ARN) of every purpose. */
    kmsKeyIds: Record<KmsPurpose, string>;
    userContentBucketName: string;
    region: string;
    /** ARN of the Secrets Manager secret holding API_DB_DSN, API_PAGE_ENCODING_VALUE and optional secrets. */
    secretArn: string;
    /** Default `:8080`. */
    serveAddr?: string;
    /**
     * The secret's current version id: a new secret value changes the function's configuration, so
     * no warm instance keeps serving with the old values (the API loads its secret only at start).
     */
    secretVersionId: string;
    /** Sentry DSN (Tesseral reads it before its secret, so it must be here). */
    sentryDsn?: string;
    /** Redirect URIs of the configured default OAuth clients. */
    oauthRedirectUris?: Partial<Record<OAuthProvider, string>>;
}

/** Not an API setting: the function's marker of the secret version it was configured with. */
export const SECRET_VERSION_ENV = "TESSERAL_API_SECRET_VERSION";

/** The port of a Go listen address (`:8080`, `127.0.0.1:8080`, `[::1]:8080`). */
export function portOf(addr: string): number {
    const m = /:(\d{1,5})$/.exec(addr);
    const port = m ? Number(m[1]) : NaN;
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`listen address "${addr}" has no valid port`);
    return port;
}

function required(name: string, value: unknown): string {
    if (typeof value !== "string" || value.trim() === "") throw new Error(`API setting ${name} needs a non-empty value`);
    return value;
}

/**
 * Every required `API_*` setting of tesseral-facts.md that is not a secret, from the stack. The
 * secret ones (DSN, page-encoding value, third-party keys) are NOT here: the API loads them itself
 * from the secret named by `API_LOAD_AWS_SECRET_ID`. Keys are sorted. Pure.
 *
 * `API_TESSERAL_DNS_VAULT_CNAME_VALUE` is the vault domain: a stable host name that already
 * resolves to the vault edge, so the API does not have to wait for (or depend on) CloudFront.
 */
export function apiEnvironment(inputs: ApiEnvironmentInputs): Record<string, string> {
    const env: Record<string, string> = {
        API_SERVE_ADDR: inputs.serveAddr ?? API_SERVE_ADDR,
        API_CONSOLE_DOMAIN: required("API_CONSOLE_DOMAIN", inputs.consoleDomain),
        API_AUTH_APPS_ROOT_DOMAIN: required("API_AUTH_APPS_ROOT_DOMAIN", inputs.authAppsRootDomain),
        API_DOGFOOD_PROJECT_ID: required("API_DOGFOOD_PROJECT_ID", inputs.dogfoodProjectId),
        API_S3_USER_CONTENT_BUCKET_NAME: required("API_S3_USER_CONTENT_BUCKET_NAME", inputs.userContentBucketName),
        API_USER_CONTENT_BASE_URL: `https://${required("API_USER_CONTENT_BASE_URL", inputs.userContentDomain)}`,
        API_TESSERAL_DNS_VAULT_CNAME_VALUE: required("API_TESSERAL_DNS_VAULT_CNAME_VALUE", inputs.vaultDomain),
        API_SES_SPF_MX_RECORD_VALUE: SES_SPF_MX_RECORD_VALUE(required("API_SES_SPF_MX_RECORD_VALUE", inputs.region)),
        API_LOAD_AWS_SECRET_ID: required("API_LOAD_AWS_SECRET_ID", inputs.secretArn),
    };
    portOf(env.API_SERVE_ADDR);
    if (inputs.sentryDsn) env.API_SENTRY_DSN = inputs.sentryDsn;
    for (const provider of OAUTH_PROVIDERS) {
        const uri = inputs.oauthRedirectUris?.[provider];
        if (uri) env[`API_DEFAULT_${provider.toUpperCase()}_OAUTH_REDIRECT_URI`] = uri;
    }
    for (const [purpose, envName] of Object.entries(KMS_PURPOSES) as [KmsPurpose, string][]) {
        env[envName] = required(envName, inputs.kmsKeyIds[purpose]);
    }
    return sortKeys(env);
}

/**
 * The function's whole environment: the API's settings plus the Web Adapter's, whose port is the
 * port of `API_SERVE_ADDR` and whose readiness check is Tesseral's health path.
 */
export function functionEnvironment(inputs: ApiEnvironmentInputs): Record<string, string> {
    const api = apiEnvironment(inputs);
    return sortKeys({
        ...api,
        AWS_LWA_PORT: String(portOf(api.API_SERVE_ADDR)),
        AWS_LWA_READINESS_CHECK_PATH: API_HEALTH_PATH,
        [SECRET_VERSION_ENV]: required(SECRET_VERSION_ENV, inputs.secretVersionId),
    });
}

function sortKeys(env: Record<string, string>): Record<string, string> {
    const sorted: Record<string, string> = {};
    for (const k of Object.keys(env).sort()) sorted[k] = env[k];
    return sorted;
}
