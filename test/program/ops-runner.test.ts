import { expect } from "chai";
import { BOOTSTRAP_INVOCATION_IGNORED } from "../../components/runner/ops-runner";
import { FAKE_BOOTSTRAP } from "../support/aws-mocks";
import { devConfig, evaluateProgram, Evaluation } from "../support/evaluate";
import { isSecret, nonSecretStrings, plain } from "../support/values";

describe("runner: lambda, the in-VPC ops function (layer 2)", () => {
    let ev: Evaluation;
    before(async () => {
        ev = await evaluateProgram({ config: devConfig({ runner: "lambda" }) });
    });

    it("builds openauthctl for Lambda's linux and architecture and zips it with the handler", async () => {
        const env = ev.recorder.named("tesseral-chain-openauthctl-build").inputs.environment as Record<string, string>;
        expect(env).to.include({ GOOS: "linux", GOARCH: "arm64", CGO_ENABLED: "0" });
        const zip = ev.recorder.named("tesseral-ops-code-zip");
        const entries = JSON.parse((zip.inputs.environment as Record<string, string>).TESSERAL_ZIP_ENTRIES);
        expect(Object.keys(entries)).to.deep.equal(["index.js", "migration-snapshot.js", "openauthctl"]);
        expect(entries["migration-snapshot.js"]).to.match(/components\/runner\/migration-snapshot\.js$/);
        expect(entries.openauthctl).to.equal(".tesseral/dev/openauthctl/openauthctl");
        expect(entries["index.js"]).to.match(/components\/runner\/ops-handler\.js$/);
    });

    it("runs in the private subnets with the runner's security group and reads the DSN from the secret at run time", async () => {
        const fn = ev.recorder.ofType("aws:lambda/function:Function").find((f) => f.name === "tesseral-ops-fn");
        expect(fn).to.not.equal(undefined);
        const inputs = plain(fn!.inputs) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded JSON
        expect(inputs.runtime).to.equal("nodejs24.x");
        expect(inputs.vpcConfig.subnetIds).to.deep.equal(["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]);
        expect(inputs.vpcConfig.securityGroupIds).to.have.length(1);
        // Read at run time: the DSN (from the secret) and what bootstrap writes, so a new database is
        // bootstrapped with today's values even though the invocation's input is ignored.
        expect(plain(inputs.environment.variables)).to.deep.equal({
            TESSERAL_SECRET_ID: "arn:aws:mock:us-west-2:123456789012:aws:secretsmanager/secret:Secret/tesseral-secrets-secret",
            TESSERAL_SESSION_KMS_KEY_ID: "arn:aws:kms:us-west-2:123456789012:key/key-tesseral-keys-session",
            TESSERAL_ROOT_USER_EMAIL: "admin@example.com",
            TESSERAL_CONSOLE_DOMAIN: "console.auth.example.com",
            TESSERAL_VAULT_DOMAIN: "vault.console.auth.example.com",
            // The snapshot before a migration: this database, this stack's prefix and tag, how many to keep.
            TESSERAL_SNAPSHOT_ENGINE: "rds",
            TESSERAL_SNAPSHOT_DATABASE: "tesseral-db-postgres-0123abcd",
            TESSERAL_SNAPSHOT_PREFIX: "tesseral-mig-dev-99fa2b64-",
            TESSERAL_SNAPSHOT_OWNER: "tesseral-aws/dev/tesseral",
            TESSERAL_SNAPSHOT_KEEP: "3",
        });
        expect(inputs.s3Key).to.equal(`ops/${"c".repeat(64)}.zip`);
    });

    it("has only the permissions it uses: read the one secret, encrypt with the session key, its logs, this database's snapshots, VPC access", async () => {
        const policy = JSON.parse(ev.recorder.named("tesseral-ops-policy").inputs.policy as string);
        const actions = policy.Statement.flatMap((s: { Action: string[] }) => s.Action).sort();
        expect(actions).to.deep.equal([
            "kms:Encrypt", "logs:CreateLogStream", "logs:PutLogEvents",
            "rds:AddTagsToResource", "rds:CreateDBSnapshot", "rds:DeleteDBSnapshot", "rds:DescribeDBSnapshots",
            "secretsmanager:GetSecretValue",
        ]);
        for (const s of policy.Statement) expect(s.Resource.every((r: string) => r !== "*"), s.Sid).to.equal(true);
        expect(ev.recorder.named("tesseral-ops-vpc").inputs.policyArn).to.equal("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
    });

    it("creates the function after its permissions, and invokes it only once the secret has a value", async () => {
        const fn = ev.recorder.named("tesseral-ops-fn");
        expect(fn.dependencies).to.include.members([ev.recorder.named("tesseral-ops-policy").urn, ev.recorder.named("tesseral-ops-vpc").urn]);
        const version = ev.recorder.ofType("aws:secretsmanager/secretVersion:SecretVersion")[0].urn;
        for (const step of ["tesseral-chain-migrate", "tesseral-chain-bootstrap"]) {
            expect(ev.recorder.named(step).dependencies, step).to.include.members([version, fn.urn]);
        }
    });

    it("invokes migrate when openauthctl or the database change, and bootstrap once per database", async () => {
        const migrate = ev.recorder.named("tesseral-chain-migrate");
        expect(migrate.type).to.equal("aws:lambda/invocation:Invocation");
        expect(Object.keys(migrate.inputs.triggers as object).sort()).to.deep.equal(["database", "openauthctl"]);
        const bootstrap = ev.recorder.named("tesseral-chain-bootstrap");
        expect(bootstrap.inputs.triggers).to.deep.equal({ database: "db-TESSERAL-DB-POSTGRES" });
        expect(bootstrap.options.ignoreChanges).to.deep.equal(BOOTSTRAP_INVOCATION_IGNORED);
        expect(bootstrap.options.additionalSecretOutputs).to.deep.equal(["result"]);
        expect(bootstrap.dependencies).to.include(migrate.urn);
        // Constant: on a replacement the engine replays ignored inputs from the old state, so nothing
        // per database may sit in it.
        expect(JSON.parse(bootstrap.inputs.input as string)).to.deep.equal({ action: "bootstrap" });
    });

    it("exports bootstrap's result with the password secret and nowhere plain", async () => {
        expect(ev.stackOutputs.dogfoodProjectId).to.equal(FAKE_BOOTSTRAP.projectId);
        expect(isSecret(ev.stackOutputs.bootstrapUserPassword)).to.equal(true);
        for (const r of ev.recorder.resources) {
            for (const s of [...nonSecretStrings(r.inputs), ...nonSecretStrings(r.outputs ?? {})]) {
                expect(s.value.includes(FAKE_BOOTSTRAP.password), `${r.name} ${s.path}`).to.equal(false);
            }
        }
    });
});

describe("key policies follow the runner (layer 2)", () => {
    const sessionPrincipals = (ev: Evaluation, sid: string) => {
        const policy = JSON.parse(ev.recorder.named("tesseral-key-policies-session").inputs.policy as string);
        const s = policy.Statement.find((x: { Sid: string }) => x.Sid === sid) as { Principal: { AWS: string[] }; Action: string[] };
        return { principals: s.Principal.AWS, actions: s.Action };
    };
    const API_ROLE = "arn:aws:mock:us-west-2:123456789012:aws:iam/role:Role/tesseral-api-role";

    it("lambda: the API uses the session key; the ops role (bootstrap) may only encrypt with it", async () => {
        const ev = await evaluateProgram({ config: devConfig({ runner: "lambda" }) });
        // The mocked role ARN (aws-mocks.ts gives every resource arn:aws:mock:...:<type>/<name>).
        expect(sessionPrincipals(ev, "TesseralUsesTheKey")).to.deep.equal({ principals: [API_ROLE], actions: ["kms:Encrypt", "kms:Decrypt"] });
        expect(sessionPrincipals(ev, "BootstrapEncrypts")).to.deep.equal({
            principals: ["arn:aws:mock:us-west-2:123456789012:aws:iam/role:Role/tesseral-ops-role"], actions: ["kms:Encrypt"],
        });
    });

    it("local: the deploying identity's role (not its session) may only encrypt with the session key", async () => {
        const ev = await evaluateProgram({ config: devConfig({ runner: "local" }) });
        expect(sessionPrincipals(ev, "TesseralUsesTheKey").principals).to.deep.equal([API_ROLE]);
        expect(sessionPrincipals(ev, "BootstrapEncrypts")).to.deep.equal({ principals: ["arn:aws:iam::123456789012:role/Deployer"], actions: ["kms:Encrypt"] });
    });
});

describe("key policies of the other keys (layer 2)", () => {
    it("let only the API use them", async () => {
        const ev = await evaluateProgram({ config: devConfig() });
        for (const purpose of ["intermediateSession", "googleOAuthClientSecrets", "authenticatorAppSecrets"]) {
            const policy = JSON.parse(ev.recorder.named(`tesseral-key-policies-${purpose}`).inputs.policy as string);
            const use = policy.Statement.find((s: { Sid: string }) => s.Sid === "TesseralUsesTheKey");
            expect(use.Principal.AWS, purpose).to.deep.equal(["arn:aws:mock:us-west-2:123456789012:aws:iam/role:Role/tesseral-api-role"]);
        }
    });
});
