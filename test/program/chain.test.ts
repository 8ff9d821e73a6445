import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { BOOTSTRAP_SCRIPT, BOOTSTRAP_UPDATE_SCRIPT } from "../../components/chain/local-runner";
import { FAKE_BOOTSTRAP } from "../support/aws-mocks";
import { devConfig, evaluateProgram, Evaluation, TEST_PROJECT_SERVICE_KEYS } from "../support/evaluate";
import { copyFixture } from "../support/fixture";
import { RecordedResource } from "../support/recorder";
import { stackFileConfig } from "../support/stack-file";
import { isSecret, nonSecretStrings, plain } from "../support/values";
import { stableJson } from "../../components/util/hash";

const STEPS = {
    api: "tesseral-chain-api-build",
    openauthctl: "tesseral-chain-openauthctl-build",
    migrate: "tesseral-chain-migrate",
    bootstrap: "tesseral-chain-bootstrap",
    vaultUi: "tesseral-chain-vault-ui-build",
    console: "tesseral-chain-console-build",
};

const env = (r: RecordedResource) => r.inputs.environment as Record<string, unknown>;
/** Inputs of every resource by URN, as text, for comparing two evaluations. */
const inputsByUrn = (e: Evaluation) => new Map(e.recorder.resources.map((r) => [r.urn, stableJson({ inputs: r.inputs, deps: r.dependencies, options: r.options })]));
/** Names of the resources whose recorded inputs differ between two evaluations. */
function changed(a: Evaluation, b: Evaluation): string[] {
    const before = inputsByUrn(a);
    return b.recorder.resources.filter((r) => before.get(r.urn) !== inputsByUrn(b).get(r.urn)).map((r) => r.name).sort();
}

describe("the program under mocks (layer 2)", () => {
    let ev: Evaluation;
    before(async () => {
        ev = await evaluateProgram({ config: devConfig() });
    });

    it("builds the api for linux/arm64 with CGO off, reproducibly, named api, zipped with a bootstrap wrapper", async () => {
        const api = ev.recorder.named(STEPS.api);
        expect(env(api)).to.include({ GOOS: "linux", GOARCH: "arm64", CGO_ENABLED: "0", TESSERAL_BINARY: "api", TESSERAL_PACKAGE: "./cmd/api" });
        const script = api.inputs.create as string;
        expect(script).to.include("-trimpath").and.include("-buildid=").and.include("-buildvcs=false");
        expect(script).to.include(`cat > "$out/bootstrap"`).and.include("exec ./api");
        expect(script).to.include(`node - "$out/lambda.zip" "api=$out/$TESSERAL_BINARY" "bootstrap=$out/bootstrap"`);
        expect(api.inputs.stdin as string).to.include("zipBytes");
    });

    it("builds openauthctl for the deploying machine when the runner is local", async () => {
        const ctl = env(ev.recorder.named(STEPS.openauthctl));
        expect(ctl).to.not.have.property("GOOS");
        expect(ctl).to.include({ TESSERAL_BINARY: "openauthctl", CGO_ENABLED: "0" });
    });

    it("uses only project-relative paths, so inputs do not depend on the checkout's location", async () => {
        for (const name of Object.values(STEPS)) {
            const e = env(ev.recorder.named(name));
            for (const k of ["TESSERAL_OUT", "TESSERAL_OPENAUTHCTL"]) {
                if (e[k] !== undefined) expect(path.isAbsolute(e[k] as string), `${name} ${k}`).to.equal(false);
            }
        }
    });

    it("passes the DSN to migrate and bootstrap only through their environment, as a secret", async () => {
        for (const name of [STEPS.migrate, STEPS.bootstrap]) {
            const step = ev.recorder.named(name);
            expect(isSecret(env(step).TESSERAL_DSN), name).to.equal(true);
            expect(plain(env(step).TESSERAL_DSN)).to.match(/^postgres:\/\/tesseral:mock-password-tesseral-db-password@.*\/tesseral\?sslmode=require$/);
            expect(step.inputs.create as string).to.include(`-d "$TESSERAL_DSN"`.replace("-d", step.name === STEPS.migrate ? "-d" : "--database"));
            expect(step.inputs.create as string).to.not.match(/postgres:\/\//);
        }
    });

    it("runs bootstrap once per database: only the database identity replaces it; any other change is an update that hands the line on", async () => {
        const b = ev.recorder.named(STEPS.bootstrap);
        expect(b.inputs.triggers).to.deep.equal(["db-TESSERAL-DB-POSTGRES"]);
        expect([b.inputs.create, b.inputs.update]).to.deep.equal([BOOTSTRAP_SCRIPT, BOOTSTRAP_UPDATE_SCRIPT]);
        expect(b.inputs.addPreviousOutputInEnv).to.equal(true);
        // Nothing is ignored: a replacement would replay an ignored input's old value (the old DSN).
        expect(b.options.ignoreChanges ?? []).to.deep.equal([]);
    });

    it("gives the local bootstrap the session key's ARN and the stack's region (it calls KMS)", async () => {
        const e = plain(env(ev.recorder.named(STEPS.bootstrap))) as Record<string, string>;
        expect(e.TESSERAL_SESSION_KMS_KEY_ID).to.equal("arn:aws:kms:us-west-2:123456789012:key/key-tesseral-keys-session");
        expect(e.AWS_REGION).to.equal("us-west-2");
    });

    it("deploys the API only after migrate and once its secret has a value", async () => {
        const api = ev.recorder.named("tesseral-api");
        const fn = ev.recorder.ofType("aws:lambda/function:Function").find((f) => f.parent === api.urn && f.name !== "tesseral-api-verify");
        expect(fn?.dependencies ?? []).to.include.members([
            ev.recorder.named(STEPS.migrate).urn,
            ev.recorder.ofType("aws:secretsmanager/secretVersion:SecretVersion")[0].urn,
        ]);
    });

    it("keeps the bootstrap line out of logs and plain state", async () => {
        const b = ev.recorder.named(STEPS.bootstrap);
        expect(b.inputs.logging).to.equal("none");
        expect(b.options.additionalSecretOutputs).to.include.members(["stdout", "stderr"]);
        expect(isSecret(ev.stackOutputs.bootstrapUserPassword)).to.equal(true);
        for (const r of ev.recorder.resources) {
            for (const s of [...nonSecretStrings(r.inputs), ...nonSecretStrings(r.outputs ?? {})]) {
                expect(s.value, `${r.name} ${s.path}`).to.not.include(FAKE_BOOTSTRAP.password);
                expect(s.value, `${r.name} ${s.path}`).to.not.include("mock-password-tesseral-db-password");
            }
        }
    });

    it("orders the chain: migrate after the database and openauthctl, bootstrap after migrate, console after bootstrap", async () => {
        const urn = (name: string) => ev.recorder.named(name).urn;
        const deps = (name: string) => ev.recorder.named(name).dependencies;
        expect(deps(STEPS.migrate)).to.include.members([urn(STEPS.openauthctl), urn("tesseral-db-postgres")]);
        expect(deps(STEPS.bootstrap)).to.include.members([urn(STEPS.migrate), urn(STEPS.openauthctl)]);
        expect(deps(STEPS.console)).to.include(urn(STEPS.bootstrap));
        expect(plain(env(ev.recorder.named(STEPS.console)))).to.include({
            CONSOLE_DOGFOOD_PROJECT_ID: FAKE_BOOTSTRAP.projectId,
            CONSOLE_API_URL: "https://vault.console.auth.example.com",
        });
        expect(isSecret(env(ev.recorder.named(STEPS.console)).CONSOLE_DOGFOOD_PROJECT_ID)).to.equal(false);
    });

    it("lets independent work run in parallel: the api, openauthctl and vault-ui builds wait on nothing but the source", async () => {
        for (const name of [STEPS.api, STEPS.openauthctl, STEPS.vaultUi]) {
            expect(ev.recorder.named(name).dependencies, name).to.deep.equal([]);
        }
    });

    it("names components with type tokens of this package", async () => {
        const components = ev.recorder.resources.filter((r) => !r.custom && r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("awsx:"));
        expect(components.map((c) => c.type)).to.include.members(["tesseral-aws:index:Tesseral", "tesseral-aws:index:DeployChain", "tesseral-aws:index:GoBinary", "tesseral-aws:index:SpaBuild"]);
        for (const c of components) expect(c.type, c.name).to.match(/^tesseral-aws:index:[A-Z][A-Za-z0-9]+$/);
    });

    it("adopts a bootstrapped database when dogfoodProjectId is set: no bootstrap step", async () => {
        const adopted = await evaluateProgram({ config: devConfig({ dogfoodProjectId: "project_abcdefghijklmnopqrstuvwxy" }) });
        expect(adopted.recorder.resources.some((r) => r.name === STEPS.bootstrap)).to.equal(false);
        expect((plain(env(adopted.recorder.named(STEPS.console))) as Record<string, unknown>).CONSOLE_DOGFOOD_PROJECT_ID).to.equal("project_abcdefghijklmnopqrstuvwxy");
        expect(adopted.stackOutputs.dogfoodProjectId).to.equal("project_abcdefghijklmnopqrstuvwxy");
    });

    it("clones a git source once into a relative cache folder; builds wait for the clone", async () => {
        const git = await evaluateProgram({ config: devConfig({ source: { git: "https://github.com/tesseral-labs/tesseral", ref: "v1.2.3" } }) });
        const clone = git.recorder.named("tesseral-chain-source-clone");
        expect(path.isAbsolute(env(clone).TESSERAL_SOURCE as string)).to.equal(false);
        expect(env(clone)).to.include({ TESSERAL_GIT_REF: "v1.2.3" });
        for (const name of [STEPS.api, STEPS.openauthctl, STEPS.vaultUi, STEPS.console]) {
            expect(git.recorder.named(name).dependencies, name).to.include(clone.urn);
        }
    });
});

describe("determinism and impact (layer 2)", () => {
    let src: string;
    const cfg = () => devConfig({ source: { path: src } });
    before(() => {
        src = copyFixture();
    });

    it("gives identical resource inputs for two evaluations of the same inputs", async () => {
        const a = await evaluateProgram({ config: cfg() });
        const b = await evaluateProgram({ config: cfg() });
        expect(a.recorder.resources.length).to.equal(b.recorder.resources.length);
        expect(changed(a, b)).to.deep.equal([]);
    });

    it("a console file change touches only the console build and its publishing", async () => {
        const a = await evaluateProgram({ config: cfg() });
        fs.appendFileSync(path.join(src, "console", "src", "style.css"), "\n/* x */\n");
        expect(changed(a, await evaluateProgram({ config: cfg() }))).to.deep.equal([STEPS.console, "tesseral-edge-console-publish"]);
    });

    it("a migration change touches the openauthctl build and migrate, not bootstrap", async () => {
        const a = await evaluateProgram({ config: cfg() });
        fs.appendFileSync(path.join(src, "cmd", "openauthctl", "migrations", "000002_sessions.up.sql"), "\n-- x\n");
        expect(changed(a, await evaluateProgram({ config: cfg() }))).to.deep.equal([STEPS.migrate, STEPS.openauthctl]);
    });

    it("an API Go change touches only the api build", async () => {
        const a = await evaluateProgram({ config: cfg() });
        fs.appendFileSync(path.join(src, "cmd", "api", "main.go"), "\n// x\n");
        expect(changed(a, await evaluateProgram({ config: cfg() }))).to.deep.equal([STEPS.api]);
    });

    it("a new source ref touches every build and migrate, and never bootstrap's trigger", async () => {
        const git = (ref: string) => devConfig({ source: { git: "https://github.com/tesseral-labs/tesseral", ref } });
        const a = await evaluateProgram({ config: git("v1") });
        const b = await evaluateProgram({ config: git("v2") });
        expect(changed(a, b)).to.include.members([STEPS.api, STEPS.openauthctl, STEPS.migrate, STEPS.vaultUi, STEPS.console, "tesseral-chain-source-clone"]);
        const before = a.recorder.named(STEPS.bootstrap);
        const after = b.recorder.named(STEPS.bootstrap);
        expect(after.inputs.triggers).to.deep.equal(before.inputs.triggers);
    });
});

describe("bad config fails before any resource is registered", () => {
    for (const [what, config] of [
        ["missing domain", { ...devConfig(), domain: undefined }],
        ["bad enum", devConfig({ runner: "ssh" })],
        ["path without go.mod", devConfig({ source: { path: "/nonexistent/tesseral" } })],
        ["no svixApiKey (Tesseral cannot create a project without it)", { ...devConfig(), svixApiKey: undefined }],
    ] as [string, Record<string, unknown>][]) {
        it(what, async () => {
            const clean = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
            let recorded: RecordedResource[] = [];
            let error: Error | undefined;
            try {
                await evaluateProgram({ config: clean, onRecorder: (r) => { recorded = r.resources; } });
            } catch (e) {
                error = e as Error;
            }
            expect(error?.name, String(error)).to.equal("ConfigError");
            expect(recorded.filter((r) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
        });
    }
});

describe("the committed dev stack (Pulumi.dev.yaml)", () => {
    it("is refused until the two required secrets are set, naming both", async () => {
        let error: unknown;
        try {
            await evaluateProgram({ config: stackFileConfig("dev") });
        } catch (e) {
            error = e;
        }
        expect(String(error)).to.match(/tesseral:stripeApiKey = \(not set\) is not valid: required, as is tesseral:svixApiKey/);
    });

    it("with those secrets set, is a complete config that evaluates", async () => {
        const { recorder, stackOutputs } = await evaluateProgram({ config: { ...stackFileConfig("dev"), ...TEST_PROJECT_SERVICE_KEYS }, secretKeys: Object.keys(TEST_PROJECT_SERVICE_KEYS) });
        expect(stackOutputs.consoleUrl).to.equal("https://console.auth.example.com");
        expect(recorder.resources.some((r) => r.name === "tesseral-chain-source-clone")).to.equal(true);
    });
});
