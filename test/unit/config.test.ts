import { expect } from "chai";
import { ConfigError } from "../../components/config/errors";
import { parseSettings } from "../../components/config/parse";
import { DEFAULT_SOURCE_GIT, DEFAULT_SOURCE_REF, TesseralArgs } from "../../components/config/settings";
import { isDomainName, isEmailAddress } from "../../components/config/rules";

const withGoMod = { fileExists: (p: string) => p === "/src/tesseral/go.mod" };
const base = { domain: "auth.example.com", rootUserEmail: "admin@example.com", secrets: { stripeApiKey: "sk_test_x", svixApiKey: "testsk_y" } };
const parse = (extra: Record<string, unknown>, env = withGoMod) => parseSettings({ ...base, ...extra } as unknown as TesseralArgs, env);

/** Asserts one ConfigError whose message names the key, the value and what is valid. */
function expectConfigError(fn: () => unknown, key: string, value: string, valid: RegExp): void {
    let error: unknown;
    try {
        fn();
    } catch (e) {
        error = e;
    }
    expect(error, "expected a ConfigError").to.be.instanceOf(ConfigError);
    const err = error as ConfigError;
    expect(err.key).to.equal(key);
    expect(err.message).to.include(`tesseral:${key}`);
    expect(err.message).to.include(value);
    expect(err.message).to.match(valid);
}

describe("config contract", () => {
    it("takes a complete default OAuth client: id and secret (secrets) and its redirect URI", () => {
        const s = parse({ defaultGithubOAuthRedirectUri: "https://vault.console.auth.example.com/github-oauth-callback", secrets: { defaultGithubOAuthClientId: "id", defaultGithubOAuthClientSecret: "secret" } });
        expect(s.defaultOAuthRedirectUris).to.deep.equal({ Github: "https://vault.console.auth.example.com/github-oauth-callback" });
        expect(parse({}).defaultOAuthRedirectUris).to.deep.equal({});
    });

    it("derives every host from domain", () => {
        const s = parse({});
        expect(s).to.include({
            consoleDomain: "console.auth.example.com",
            vaultDomain: "vault.console.auth.example.com",
            authAppsRootDomain: "vaults.auth.example.com",
            backendApiDomain: "api.auth.example.com",
            configApiDomain: "config.auth.example.com",
            userContentDomain: "usercontent.auth.example.com",
            runner: "lambda",
            protect: true,
        });
        expect(s.source).to.deep.equal({ kind: "git", git: DEFAULT_SOURCE_GIT, ref: DEFAULT_SOURCE_REF });
        expect(s.database).to.deep.equal({ engine: "rds", instanceClass: "db.t4g.micro", minCapacity: 0.5, maxCapacity: 4, storageGb: 20, multiAz: false, backupRetentionDays: 7, keepMigrationSnapshots: 3, proxy: false });
        expect(s.network).to.deep.equal({ vpcId: undefined, privateSubnetIds: [], nat: "gateway" });
        expect(s.api).to.deep.equal({
            architecture: "arm64", memoryMb: 1024, timeoutSeconds: 30, provisionedConcurrency: 0, packaging: "zip",
            logRetentionDays: 30, throttleRateLimit: 1000, throttleBurstLimit: 2000, alarmEmail: undefined, webAdapterLayerVersion: 26,
            reservedConcurrency: 35, rollbackTo: undefined,
        });
    });

    it("derives vaultDomain from an overridden consoleDomain, and keeps overrides", () => {
        const s = parse({ consoleDomain: "login.example.org", backendApiDomain: "backend.example.org" });
        expect(s.vaultDomain).to.equal("vault.login.example.org");
        expect(s.backendApiDomain).to.equal("backend.example.org");
    });

    it("accepts YAML-ish strings for booleans and numbers, and a local source with go.mod", () => {
        const s = parse({ protect: "false", database: { storageGb: "50", multiAz: "true" }, source: { path: "/src/tesseral" } });
        expect(s.protect).to.equal(false);
        expect(s.database.storageGb).to.equal(50);
        expect(s.database.multiAz).to.equal(true);
        expect(s.source).to.deep.equal({ kind: "path", path: "/src/tesseral" });
    });

    describe("rejects, before anything is created, with key, value and what is valid", () => {
        it("missing domain", () => expectConfigError(() => parseSettings({ rootUserEmail: "a@b.co" } as TesseralArgs, withGoMod), "domain", "(not set)", /DNS name/));
        it("missing rootUserEmail", () => expectConfigError(() => parseSettings({ domain: "auth.example.com" } as TesseralArgs, withGoMod), "rootUserEmail", "(not set)", /e-mail address/));
        it("malformed rootUserEmail", () => expectConfigError(() => parse({ rootUserEmail: "admin@" }), "rootUserEmail", '"admin@"', /e-mail address/));
        it("malformed rootUserEmail (no @)", () => expectConfigError(() => parse({ rootUserEmail: "admin.example.com" }), "rootUserEmail", '"admin.example.com"', /e-mail/));
        it("vaultDomain not under consoleDomain", () => expectConfigError(() => parse({ vaultDomain: "vault.example.com" }), "vaultDomain", '"vault.example.com"', /sub-domain of consoleDomain "console.auth.example.com"/));
        it("vaultDomain that only ends with the same letters", () => expectConfigError(() => parse({ vaultDomain: "xconsole.auth.example.com" }), "vaultDomain", "xconsole", /sub-domain/));
        it("malformed domain", () => expectConfigError(() => parse({ domain: "auth..example.com" }), "domain", '"auth..example.com"', /DNS name/));
        it("single-label domain", () => expectConfigError(() => parse({ domain: "localhost" }), "domain", '"localhost"', /two or more labels/));
        it("domain with an underscore", () => expectConfigError(() => parse({ domain: "auth_x.example.com" }), "domain", "auth_x", /letters, digits and hyphens/));
        it("malformed consoleDomain", () => expectConfigError(() => parse({ consoleDomain: "-console.example.com" }), "consoleDomain", "-console", /DNS name/));
        it("malformed userContentDomain", () => expectConfigError(() => parse({ userContentDomain: "https://cdn.example.com" }), "userContentDomain", "https://", /DNS name/));
        it("two settings on one host", () => expectConfigError(() => parse({ configApiDomain: "api.auth.example.com" }), "configApiDomain", "api.auth.example.com", /different from backendApiDomain/));
        it("a host inside the vault wildcard", () => expectConfigError(() => parse({ backendApiDomain: "api.vaults.auth.example.com" }), "backendApiDomain", "api.vaults", /outside \*\.vaults/));
        it("unknown database.engine", () => expectConfigError(() => parse({ database: { engine: "mysql" } }), "database.engine", '"mysql"', /one of rds, aurora-serverless/));
        it("unknown network.nat", () => expectConfigError(() => parse({ network: { nat: "none" } }), "network.nat", '"none"', /one of gateway, instance/));
        it("unknown api.architecture", () => expectConfigError(() => parse({ api: { architecture: "amd64" } }), "api.architecture", '"amd64"', /one of arm64, x86_64/));
        it("a default OAuth client id without its secret and redirect URI", () => expectConfigError(
            () => parse({ secrets: { defaultGithubOAuthClientId: "Iv1.abc" } }), "defaultGithubOAuthRedirectUri", "(not set)",
            /needs defaultGithubOAuthClientId, defaultGithubOAuthClientSecret \(both secrets\) and defaultGithubOAuthRedirectUri together; missing: defaultGithubOAuthClientSecret, defaultGithubOAuthRedirectUri/));
        it("a default OAuth redirect URI without its client", () => expectConfigError(
            () => parse({ defaultGoogleOAuthRedirectUri: "https://vault.console.auth.example.com/google-oauth-callback" }), "defaultGoogleOAuthClientId", "(not set)",
            /missing: defaultGoogleOAuthClientId, defaultGoogleOAuthClientSecret/));
        it("a default OAuth redirect URI that is not https", () => expectConfigError(
            () => parse({ defaultMicrosoftOAuthRedirectUri: "http://x.example.com/cb" }), "defaultMicrosoftOAuthRedirectUri", "http://x.example.com/cb", /https:\/\/ URL/));
        it("unknown runner", () => expectConfigError(() => parse({ runner: "ssh" }), "runner", '"ssh"', /one of lambda, local/));
        it("a source with neither path nor git", () => expectConfigError(() => parse({ source: { ref: "main" } }), "source", '{"ref":"main"}', /exactly one of path .* or git/));
        it("a source with both path and git", () => expectConfigError(() => parse({ source: { path: "/src/tesseral", git: DEFAULT_SOURCE_GIT } }), "source", "path", /exactly one of/));
        it("a path without go.mod", () => expectConfigError(() => parse({ source: { path: "/src/elsewhere" } }), "source.path", '"/src/elsewhere"', /\/src\/elsewhere\/go.mod does not exist/));
        it("a non-default git remote without ref", () => expectConfigError(() => parse({ source: { git: "https://git.example.com/fork.git" } }), "source.ref", "(not set)", /required for a non-default remote/));
        it("a git ref with shell characters", () => expectConfigError(() => parse({ source: { git: DEFAULT_SOURCE_GIT, ref: "main;rm -rf /" } }), "source.ref", "main;rm", /commit SHA, tag or branch/));
        it("a git remote that is not a URL", () => expectConfigError(() => parse({ source: { git: "$(whoami)" } }), "source.git", "$(whoami)", /git remote URL/));
        it("an unknown top-level key (a typo)", () => expectConfigError(() => parse({ domian: "x.example.com" }), "domian", "x.example.com", /valid keys are domain, rootUserEmail/));
        it("an unknown nested key", () => expectConfigError(() => parse({ database: { size: 10 } }), "database.size", "10", /database takes engine, instanceClass/));
        it("a map that is not a map", () => expectConfigError(() => parse({ database: "big" }), "database", '"big"', /YAML map/));
        it("a non-number storageGb", () => expectConfigError(() => parse({ database: { storageGb: "lots" } }), "database.storageGb", '"lots"', /whole number from 20 to 65536/));
        it("a capacity off the 0.5 grid", () => expectConfigError(() => parse({ database: { minCapacity: 0.3 } }), "database.minCapacity", "0.3", /multiple of 0.5/));
        it("maxCapacity below minCapacity", () => expectConfigError(() => parse({ database: { minCapacity: 8, maxCapacity: 2 } }), "database.maxCapacity", "2", /at least database.minCapacity/));
        it("a bad instance class", () => expectConfigError(() => parse({ database: { instanceClass: "t4g.micro" } }), "database.instanceClass", '"t4g.micro"', /db.t4g.micro/));
        it("a bad protect", () => expectConfigError(() => parse({ protect: "yes" }), "protect", '"yes"', /true or false/));
        it("a bad vpcId", () => expectConfigError(() => parse({ network: { vpcId: "my-vpc" } }), "network.vpcId", '"my-vpc"', /vpc-/));
        it("a vpcId without subnets", () => expectConfigError(() => parse({ network: { vpcId: "vpc-0123456789abcdef0" } }), "network.privateSubnetIds", "(not set)", /two or more private subnet ids/));
        it("a single subnet", () => expectConfigError(() => parse({ network: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-01234567"] } }), "network.privateSubnetIds", "subnet-01234567", /two or more distinct subnet ids/));
        it("subnets without a vpcId", () => expectConfigError(() => parse({ network: { privateSubnetIds: ["subnet-01234567", "subnet-89abcdef"] } }), "network.privateSubnetIds", "subnet-", /unless network.vpcId is set/));
        it("a bad hostedZoneId", () => expectConfigError(() => parse({ hostedZoneId: "example.com" }), "hostedZoneId", '"example.com"', /hosted zone id/));
        it("a bad dogfoodProjectId", () => expectConfigError(() => parse({ dogfoodProjectId: "project_ABC" }), "dogfoodProjectId", '"project_ABC"', /25 characters of 0-9a-z/));
        it("unknown api.packaging", () => expectConfigError(() => parse({ api: { packaging: "tar" } }), "api.packaging", '"tar"', /one of zip, image/));
        it("api.webAdapterLayerVersion without a known adapter image, with api.packaging image", () => {
            expectConfigError(() => parse({ api: { packaging: "image", webAdapterLayerVersion: 27 } }), "api.webAdapterLayerVersion", "27", /25 \(adapter 0\.9\.1\), 26 \(adapter 1\.0\.0-rc1\)/);
            // The zip packaging takes any published layer version: it has no image to match.
            expect(parse({ api: { packaging: "zip", webAdapterLayerVersion: 27 } }).api.webAdapterLayerVersion).to.equal(27);
            expect(parse({ api: { packaging: "image", webAdapterLayerVersion: 25 } }).api.webAdapterLayerVersion).to.equal(25);
        });
        it("a log retention CloudWatch does not offer", () => expectConfigError(() => parse({ api: { logRetentionDays: 31 } }), "api.logRetentionDays", "31", /one of 1, 3, 5, 7, 14, 30/));
        it("a malformed alarm e-mail", () => expectConfigError(() => parse({ api: { alarmEmail: "ops" } }), "api.alarmEmail", '"ops"', /e-mail address/));
        it("memory out of range", () => expectConfigError(() => parse({ api: { memoryMb: 64 } }), "api.memoryMb", "64", /from 128 to 10240/));
        it("an unknown secret name", () => expectConfigError(() => parse({ secrets: { stripeKey: "x" } }), "secrets.stripeKey", "x", /secrets takes stripeApiKey/));
    });
});

describe("domain and e-mail rules (property style)", () => {
    const labels = ["a", "ab", "a-b", "x1", "0a", "abc-def-ghi", "z".repeat(63)];
    it("accepts every combination of valid labels under a TLD", () => {
        for (const a of labels) for (const b of labels) {
            expect(isDomainName(`${a}.${b}.com`), `${a}.${b}.com`).to.equal(true);
            expect(isEmailAddress(`user.name+tag@${a}.${b}.com`)).to.equal(true);
        }
    });
    it("rejects any label with a bad character, a leading or trailing hyphen, or over 63 characters", () => {
        const bad = ["-a", "a-", "a_b", "a b", "", "z".repeat(64), "ä", "a/b", "a:b"];
        for (const l of bad) for (const good of labels) {
            expect(isDomainName(`${l}.${good}.com`), `${l}.${good}.com`).to.equal(false);
            expect(isDomainName(`${good}.${l}.com`), `${good}.${l}.com`).to.equal(false);
        }
    });
    it("rejects names over 253 characters and numeric TLDs", () => {
        expect(isDomainName(`${"a".repeat(60)}.`.repeat(5) + "com")).to.equal(false);
        expect(isDomainName("10.0.0.1")).to.equal(false);
    });
    it("rejects e-mail addresses with zero or two @, or dots at the edges of the local part", () => {
        for (const e of ["a", "@example.com", "a@@example.com", "a@b@example.com", ".a@example.com", "a.@example.com", "a..b@example.com", "a@example"]) {
            expect(isEmailAddress(e), e).to.equal(false);
        }
    });
});
