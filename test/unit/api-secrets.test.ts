import { createHash } from "crypto";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { evaluateComponent } from "../support/component";
import { staticMocks } from "../support/aws-mocks";
import { isSecret, nonSecretStrings, plain } from "../support/values";
import { Recorder } from "../support/recorder";
import { ApiSecrets, apiSecretEnvironment, SECRET_ENV_NAMES } from "../../components/data/api-secrets";
import { SecretArgs, SECRET_KEYS } from "../../components/config/settings";

const PAGE_SOURCE = "Xy7".repeat(21) + "Q";
const PAGE = createHash("sha256").update(PAGE_SOURCE).digest("hex");
const PASSWORD = "s3cretDbPassw0rdXYZ";
const DSN = `postgres://tesseral:${PASSWORD}@db.example.internal:5432/tesseral?sslmode=require`;
const STRIPE = "sk_test_x";

const mocks = () => staticMocks((type) => (type === "random:index/randomPassword:RandomPassword" ? { result: PAGE_SOURCE } : undefined));

async function build(protect: boolean, secrets: SecretArgs = { stripeApiKey: pulumi.secret(STRIPE) }): Promise<Recorder> {
    return evaluateComponent(() => new ApiSecrets("api", { dsn: pulumi.secret(DSN), secrets, protect }), { mocks: mocks() });
}

function secretJson(rec: Recorder): Record<string, string> {
    const version = rec.ofType("aws:secretsmanager/secretVersion:SecretVersion");
    expect(version).to.have.length(1);
    return JSON.parse(plain(version[0].inputs.secretString) as string) as Record<string, string>;
}

describe("apiSecretEnvironment", () => {
    it("maps every secret to its Tesseral name, but Sentry's DSN (read before the secret is loaded: it goes to the environment)", async () => {
        const all = Object.fromEntries(SECRET_KEYS.map((k) => [k, `v-${k}`])) as Record<keyof SecretArgs, string>;
        const env = apiSecretEnvironment({ dsn: DSN, pageEncodingValue: PAGE, ...all });
        expect(env).to.deep.equal({
            API_DB_DSN: DSN,
            API_PAGE_ENCODING_VALUE: PAGE,
            API_STRIPE_API_KEY: "v-stripeApiKey",
            API_SVIX_API_KEY: "v-svixApiKey",
            API_DEFAULT_GOOGLE_OAUTH_CLIENT_ID: "v-defaultGoogleOAuthClientId",
            API_DEFAULT_GOOGLE_OAUTH_CLIENT_SECRET: "v-defaultGoogleOAuthClientSecret",
            API_DEFAULT_MICROSOFT_OAUTH_CLIENT_ID: "v-defaultMicrosoftOAuthClientId",
            API_DEFAULT_MICROSOFT_OAUTH_CLIENT_SECRET: "v-defaultMicrosoftOAuthClientSecret",
            API_DEFAULT_GITHUB_OAUTH_CLIENT_ID: "v-defaultGithubOAuthClientId",
            API_DEFAULT_GITHUB_OAUTH_CLIENT_SECRET: "v-defaultGithubOAuthClientSecret",
        });
        expect(Object.keys(env)).to.deep.equal(Object.keys(env).slice().sort());
        expect(Object.keys(SECRET_ENV_NAMES).sort()).to.deep.equal([...SECRET_KEYS].sort());
    });

    it("includes only the keys that are set", async () => {
        const env = apiSecretEnvironment({ dsn: DSN, pageEncodingValue: PAGE, svixApiKey: "svix" });
        expect(env).to.deep.equal({ API_DB_DSN: DSN, API_PAGE_ENCODING_VALUE: PAGE, API_SVIX_API_KEY: "svix" });
    });

    it("rejects a bad page-encoding value without echoing it", async () => {
        for (const bad of ["AB".repeat(32), "ab".repeat(31), "zz".repeat(32), "ab".repeat(33), ""]) {
            let err: unknown;
            try {
                apiSecretEnvironment({ dsn: DSN, pageEncodingValue: bad });
            } catch (e) {
                err = e;
            }
            expect(err, `value of length ${bad.length}`).to.be.instanceOf(Error);
            const message = (err as Error).message;
            if (bad !== "") expect(message).to.not.include(bad);
            expect(message).to.not.include(DSN);
        }
    });
});

describe("ApiSecrets", () => {
    it("stores the environment as a secret JSON string", async () => {
        const rec = await build(true);
        const version = rec.ofType("aws:secretsmanager/secretVersion:SecretVersion")[0];
        expect(isSecret(version.inputs.secretString)).to.equal(true);
        const env = secretJson(rec);
        expect(env.API_DB_DSN).to.equal(DSN);
        expect(env.API_PAGE_ENCODING_VALUE).to.match(/^[0-9a-f]{64}$/);
        expect(env.API_STRIPE_API_KEY).to.equal(STRIPE);
        expect(env).to.not.have.property("API_SVIX_API_KEY");
        expect(env).to.not.have.property("API_SENTRY_DSN");
        expect(Object.keys(env).sort()).to.deep.equal(["API_DB_DSN", "API_PAGE_ENCODING_VALUE", "API_STRIPE_API_KEY"]);
    });

    it("generates a 32-byte page-encoding value and names children after the component", async () => {
        const rec = await build(true);
        const ids = rec.ofType("random:index/randomPassword:RandomPassword");
        expect(ids).to.have.length(1);
        expect(ids[0].inputs).to.deep.include({ length: 64, special: false });
        expect(ids[0].options.additionalSecretOutputs).to.include("result");
        expect(rec.ofType("random:index/randomBytes:RandomBytes")).to.have.length(0);
        expect(secretJson(rec).API_PAGE_ENCODING_VALUE).to.equal(PAGE);
        const component = rec.ofType("tesseral-aws:index:ApiSecrets");
        expect(component).to.have.length(1);
        const children = rec.resources.filter((r) => r.parent === component[0].urn);
        expect(children.map((r) => r.name).sort()).to.deep.equal(["api-page-encoding", "api-secret", "api-version"]);
    });

    it("never records the DSN password or a secret in a non-secret string", async () => {
        const rec = await build(false);
        for (const r of rec.resources) {
            for (const s of [...nonSecretStrings(r.inputs), ...nonSecretStrings(r.outputs ?? {})]) {
                expect(s.value, `${r.name} ${s.path}`).to.not.include(PASSWORD);
                expect(s.value, `${r.name} ${s.path}`).to.not.include(STRIPE);
                expect(s.value, `${r.name} ${s.path}`).to.not.include(PAGE);
            }
        }
    });

    it("protect true keeps the secret with a 30-day recovery window", async () => {
        const rec = await build(true);
        const secrets = rec.ofType("aws:secretsmanager/secret:Secret");
        expect(secrets).to.have.length(1);
        expect(secrets[0].options.retainOnDelete).to.equal(true);
        expect(secrets[0].inputs.recoveryWindowInDays).to.equal(30);
        expect(String(secrets[0].inputs.description)).to.match(/Tesseral API settings/);
    });

    it("protect false deletes the secret immediately", async () => {
        const rec = await build(false, {});
        const secret = rec.ofType("aws:secretsmanager/secret:Secret")[0];
        expect(secret.options.retainOnDelete).to.not.equal(true);
        expect(secret.inputs.recoveryWindowInDays).to.equal(0);
        expect(Object.keys(secretJson(rec)).sort()).to.deep.equal(["API_DB_DSN", "API_PAGE_ENCODING_VALUE"]);
    });
});
