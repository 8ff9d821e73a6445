import { expect } from "chai";
import { apiEnvironment, ApiEnvironmentInputs, functionEnvironment, portOf, API_HEALTH_PATH } from "../../components/api/environment";
import { KMS_PURPOSES, KmsPurpose } from "../../components/data/keys";
import { SECRET_ENV_NAMES } from "../../components/data/api-secrets";

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev-tesseral-api-AbCdEf";

export function environmentInputs(extra: Partial<ApiEnvironmentInputs> = {}): ApiEnvironmentInputs {
    const purposes = Object.keys(KMS_PURPOSES) as KmsPurpose[];
    return {
        consoleDomain: "console.auth.example.com",
        vaultDomain: "vault.console.auth.example.com",
        authAppsRootDomain: "vaults.auth.example.com",
        userContentDomain: "usercontent.auth.example.com",
        dogfoodProjectId: "project_0123456789abcdefghijklmno",
        kmsKeyIds: Object.fromEntries(purposes.map((p) => [p, `key-${p}`])) as Record<KmsPurpose, string>,
        userContentBucketName: "user-content-bucket-123",
        region: "eu-west-1",
        secretArn: SECRET_ARN,
        secretVersionId: "version-1",
        ...extra,
    };
}

/** Every required API_* setting of tesseral-facts.md, with API_DB_DSN and API_PAGE_ENCODING_VALUE (secrets) left to the loader. */
const REQUIRED_PLAIN = [
    "API_SERVE_ADDR", "API_CONSOLE_DOMAIN", "API_AUTH_APPS_ROOT_DOMAIN", "API_DOGFOOD_PROJECT_ID",
    "API_SESSION_KMS_KEY_ID", "API_INTERMEDIATE_SESSION_KMS_KEY_ID",
    "API_GOOGLE_OAUTH_CLIENT_SECRETS_KMS_KEY_ID", "API_MICROSOFT_OAUTH_CLIENT_SECRETS_KMS_KEY_ID",
    "API_GITHUB_OAUTH_CLIENT_SECRETS_KMS_KEY_ID", "API_OIDC_CLIENT_SECRETS_KMS_KEY_ID",
    "API_AUTHENTICATOR_APP_SECRETS_KMS_KEY_ID",
    "API_S3_USER_CONTENT_BUCKET_NAME", "API_USER_CONTENT_BASE_URL",
    "API_TESSERAL_DNS_VAULT_CNAME_VALUE", "API_SES_SPF_MX_RECORD_VALUE",
];

describe("apiEnvironment", () => {
    it("sets every required plain API_* setting, plus the secret loader, and nothing else", async () => {
        const env = apiEnvironment(environmentInputs());
        expect(Object.keys(env).sort()).to.deep.equal([...REQUIRED_PLAIN, "API_LOAD_AWS_SECRET_ID"].sort());
        expect(Object.keys(env)).to.deep.equal(Object.keys(env).slice().sort());
    });

    it("gives each setting the value the stack implies", async () => {
        const env = apiEnvironment(environmentInputs());
        expect(env).to.deep.include({
            API_SERVE_ADDR: ":8080",
            API_CONSOLE_DOMAIN: "console.auth.example.com",
            API_AUTH_APPS_ROOT_DOMAIN: "vaults.auth.example.com",
            API_DOGFOOD_PROJECT_ID: "project_0123456789abcdefghijklmno",
            API_S3_USER_CONTENT_BUCKET_NAME: "user-content-bucket-123",
            API_USER_CONTENT_BASE_URL: "https://usercontent.auth.example.com",
            API_TESSERAL_DNS_VAULT_CNAME_VALUE: "vault.console.auth.example.com",
            API_SES_SPF_MX_RECORD_VALUE: "feedback-smtp.eu-west-1.amazonses.com",
            API_LOAD_AWS_SECRET_ID: SECRET_ARN,
        });
        for (const [purpose, envName] of Object.entries(KMS_PURPOSES)) {
            expect(env[envName], envName).to.equal(`key-${purpose}`);
        }
    });

    it("holds no secret setting: those come only from the secret (Sentry's DSN, read before the secret, is the exception)", async () => {
        const env = apiEnvironment(environmentInputs({ sentryDsn: "https://k@o1.ingest.sentry.io/1" }));
        for (const name of ["API_DB_DSN", "API_PAGE_ENCODING_VALUE", ...Object.values(SECRET_ENV_NAMES).filter((n) => n !== "API_SENTRY_DSN")]) {
            expect(env, name).to.not.have.property(name);
        }
        expect(env.API_SENTRY_DSN).to.equal("https://k@o1.ingest.sentry.io/1");
    });

    it("sets the redirect URIs of the configured default OAuth clients", async () => {
        const env = apiEnvironment(environmentInputs({ oauthRedirectUris: { Github: "https://vault.console.auth.example.com/github-oauth-callback" } }));
        expect(env.API_DEFAULT_GITHUB_OAUTH_REDIRECT_URI).to.equal("https://vault.console.auth.example.com/github-oauth-callback");
        expect(env).to.not.have.property("API_DEFAULT_GOOGLE_OAUTH_REDIRECT_URI");
    });

    it("refuses an empty value, naming the setting", async () => {
        expect(() => apiEnvironment(environmentInputs({ dogfoodProjectId: "" }))).to.throw(/API_DOGFOOD_PROJECT_ID/);
        const keys = { ...environmentInputs().kmsKeyIds, oidcClientSecrets: "" };
        expect(() => apiEnvironment(environmentInputs({ kmsKeyIds: keys }))).to.throw(/API_OIDC_CLIENT_SECRETS_KMS_KEY_ID/);
        expect(() => apiEnvironment(environmentInputs({ secretArn: " " }))).to.throw(/API_LOAD_AWS_SECRET_ID/);
        expect(() => apiEnvironment(environmentInputs({ serveAddr: "localhost" }))).to.throw(/no valid port/);
    });
});

describe("functionEnvironment", () => {
    it("adds the Web Adapter's port (the port of API_SERVE_ADDR) and Tesseral's health path", async () => {
        const env = functionEnvironment(environmentInputs());
        expect(env.AWS_LWA_PORT).to.equal("8080");
        expect(env.AWS_LWA_READINESS_CHECK_PATH).to.equal("/api/internal/health");
        // A new secret version changes the configuration, so warm instances do not keep old secrets.
        expect(env.TESSERAL_API_SECRET_VERSION).to.equal("version-1");
        expect(API_HEALTH_PATH).to.equal("/api/internal/health");
        const other = functionEnvironment(environmentInputs({ serveAddr: "127.0.0.1:18531" }));
        expect(other.AWS_LWA_PORT).to.equal("18531");
        expect(other.API_SERVE_ADDR).to.equal("127.0.0.1:18531");
        const { AWS_LWA_PORT, AWS_LWA_READINESS_CHECK_PATH, TESSERAL_API_SECRET_VERSION, ...rest } = env;
        expect([AWS_LWA_PORT, AWS_LWA_READINESS_CHECK_PATH, TESSERAL_API_SECRET_VERSION]).to.have.length(3);
        expect(rest).to.deep.equal(apiEnvironment(environmentInputs()));
    });

    it("reads ports of every listen-address form and rejects the rest", async () => {
        expect(portOf(":8080")).to.equal(8080);
        expect(portOf("127.0.0.1:3001")).to.equal(3001);
        expect(portOf("[::1]:1")).to.equal(1);
        for (const bad of ["", "8080", ":0", ":65536", "host:", ":80a"]) expect(() => portOf(bad), bad).to.throw();
    });
});
