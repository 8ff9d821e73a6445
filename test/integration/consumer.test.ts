import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { devConfig, evaluateProgram, REPO_ROOT, TEST_PROJECT_SERVICE_KEYS } from "../support/evaluate";

/**
 * examples/consumer is another team's Pulumi project. This test treats it as one: it copies the
 * project to a temporary directory, links this package in (as `npm install` of the `file:../..`
 * dependency would: node_modules/tesseral-aws -> the repository, whose `main`/`types` point at
 * dist/), compiles it with tsc against dist/*.d.ts, then runs the compiled program under the same
 * mocks as the main program, in a child process whose working directory is the consumer's.
 *
 * npm is not run: it would need the network (or a warm cache) for the consumer's own
 * dependencies. node_modules/@pulumi links to this repository's, so the consumer, the package and
 * the mocks share one @pulumi/pulumi (as npm's hoisting gives a real consumer).
 */

const CONSUMER_PROJECT = "tesseral-consumer";
const FIXTURE = path.join(REPO_ROOT, "test", "fixtures", "tesseral");
const BIN = (name: string) => path.join(REPO_ROOT, "node_modules", ".bin", name);

/** The consumer's own stack config (its namespace, its names), as in its Pulumi.example.yaml. */
const CONSUMER_CONFIG: Record<string, string> = {
    "aws:region": "eu-west-1",
    "tesseral-consumer:domain": "id.consumer.example",
    "tesseral-consumer:adminEmail": "platform@consumer.example",
    "tesseral-consumer:hostedZoneId": "Z0CONSUMEREXAMPLE01",
    "tesseral-consumer:tesseralSource": FIXTURE,
    "tesseral-consumer:alarmEmail": "oncall@consumer.example",
    "tesseral-consumer:protect": "false",
    // Its required secrets (stand-in values; set with --secret in a real stack).
    "tesseral-consumer:stripeApiKey": TEST_PROJECT_SERVICE_KEYS.stripeApiKey,
    "tesseral-consumer:svixApiKey": TEST_PROJECT_SERVICE_KEYS.svixApiKey,
};

/** The settings examples/consumer/index.ts passes, as the main program's stack config. */
const SAME_SETTINGS_AS_MAIN_CONFIG = devConfig({
    "aws:region": "eu-west-1",
    domain: "id.consumer.example",
    rootUserEmail: "platform@consumer.example",
    hostedZoneId: "Z0CONSUMEREXAMPLE01",
    source: { path: FIXTURE },
    database: { engine: "aurora-serverless", minCapacity: 0, maxCapacity: 2, backupRetentionDays: 3 },
    network: { nat: "instance" },
    api: { memoryMb: 512, logRetentionDays: 14, alarmEmail: "oncall@consumer.example" },
    runner: "local",
    protect: "false",
});

/**
 * Resource kinds that the consumer's settings add to, or remove from, the main program's dev stack
 * (Pulumi.dev.yaml's choices with the fixture as source and runner: local). Each entry says which
 * setting explains it; anything else that differs fails the test.
 */
const EXPLAINED: { setting: string; adds: string[]; removes: string[] }[] = [
    {
        setting: "database.engine: aurora-serverless",
        adds: ["aws:rds/cluster:Cluster", "aws:rds/clusterInstance:ClusterInstance", "aws:rds/clusterParameterGroup:ClusterParameterGroup"],
        removes: ["aws:rds/instance:Instance", "aws:rds/parameterGroup:ParameterGroup"],
    },
    {
        setting: "network.nat: instance",
        adds: ["tesseral-aws:index:NatInstance", "aws:ec2/instance:Instance", "aws:ec2/route:Route"],
        removes: [],
    },
    { setting: "hostedZoneId", adds: ["aws:route53/record:Record"], removes: [] },
    { setting: "api.alarmEmail", adds: ["aws:sns/topic:Topic", "aws:sns/topicSubscription:TopicSubscription"], removes: [] },
];

/** Written into the consumer copy and run there with tsx: evaluates bin/index.js under the mocks. */
const RUNNER = `
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Recorder } from ${JSON.stringify(path.join(REPO_ROOT, "test", "support", "recorder"))};
import { staticMocks } from ${JSON.stringify(path.join(REPO_ROOT, "test", "support", "aws-mocks"))};
import { isSecret, plain } from ${JSON.stringify(path.join(REPO_ROOT, "test", "support", "values"))};

async function main(): Promise<void> {
    const [project, stack, configFile, outFile] = process.argv.slice(2);
    pulumi.runtime.setAllConfig(JSON.parse(fs.readFileSync(configFile, "utf8")), []);
    // The build steps' one stdout line (JSON digests), by suffix: the consumer's names are its own.
    const digests = JSON.stringify({ binarySha256: "a".repeat(64), zipSha256: "b".repeat(64), zipBase64Sha256: "u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7s=" });
    const mocks = staticMocks((type, name) =>
        type === "command:local:Command" && /-(api|openauthctl)-build$/.test(name) ? { stdout: digests } : undefined);
    await pulumi.runtime.setMocks(mocks, project, stack, false);
    const recorder = new Recorder(project, stack);
    recorder.attach(pulumi.runtime.getMonitor());
    const sameModule = require.resolve("@pulumi/pulumi", { paths: [path.dirname(require.resolve("tesseral-aws"))] }) === require.resolve("@pulumi/pulumi");
    await pulumi.runtime.runInPulumiStack(async () => require(path.resolve("bin", "index.js")));
    await pulumi.runtime.disconnect();
    const stackRecord = recorder.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    const outputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(stackRecord?.outputs ?? {})) outputs[k] = isSecret(v) ? { secret: true } : plain(v);
    fs.writeFileSync(outFile, JSON.stringify({
        sameModule,
        packageMain: require.resolve("tesseral-aws"),
        resources: recorder.resources.map((r) => ({ type: r.type, name: r.name, parent: r.parent })),
        outputs,
    }));
}
main().catch((e) => { console.error(e instanceof Error ? e.stack : e); process.exit(1); });
`;

interface ConsumerRun {
    sameModule: boolean;
    packageMain: string;
    resources: { type: string; name: string; parent: string }[];
    outputs: Record<string, unknown>;
}

function kinds(types: string[]): Map<string, number> {
    const m = new Map<string, number>();
    for (const t of types) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
}

describe("examples/consumer: another project consumes the package (@integration)", function () {
    this.timeout(300_000);
    let dir: string;
    let run: ConsumerRun;

    before(function () {
        // The package as it is consumed: compiled to dist/ with declarations.
        execFileSync("npm", ["run", "build"], { cwd: REPO_ROOT, stdio: "pipe" });
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-consumer-"));
        fs.cpSync(path.join(REPO_ROOT, "examples", "consumer"), dir, {
            recursive: true, filter: (src) => !/[\\/](node_modules|bin|\.tesseral)$/.test(src),
        });
        const nm = path.join(dir, "node_modules");
        fs.mkdirSync(path.join(nm, "@types"), { recursive: true });
        fs.symlinkSync(REPO_ROOT, path.join(nm, "tesseral-aws"), "dir");
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules", "@pulumi"), path.join(nm, "@pulumi"), "dir");
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules", "@types", "node"), path.join(nm, "@types", "node"), "dir");

        // Compile it, against dist/components/index.d.ts (strict, as the consumer's tsconfig says).
        execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: dir, stdio: "pipe" });

        // Evaluate it under mocks with its own config, from its own directory.
        const configFile = path.join(dir, "mock-config.json");
        const outFile = path.join(dir, "mock-run.json");
        fs.writeFileSync(configFile, JSON.stringify(CONSUMER_CONFIG));
        fs.writeFileSync(path.join(dir, "evaluate-under-mocks.ts"), RUNNER);
        try {
            execFileSync(BIN("tsx"), ["evaluate-under-mocks.ts", CONSUMER_PROJECT, "example", configFile, outFile], { cwd: dir, stdio: "pipe" });
        } catch (e) {
            const err = e as { stderr?: Buffer; stdout?: Buffer };
            throw new Error(`the consumer's evaluation failed:\n${err.stderr?.toString() ?? ""}${err.stdout?.toString() ?? ""}`);
        }
        run = JSON.parse(fs.readFileSync(outFile, "utf8")) as ConsumerRun;
    });

    after(() => {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("compiles against the built declarations and runs the built JavaScript, with one @pulumi/pulumi", () => {
        expect(fs.existsSync(path.join(dir, "bin", "index.js"))).to.equal(true);
        expect(fs.realpathSync(run.packageMain)).to.equal(path.join(REPO_ROOT, "dist", "components", "index.js"));
        expect(run.sameModule, "the package and the consumer load the same @pulumi/pulumi").to.equal(true);
    });

    it("constructs Tesseral under its own name: every resource below the stack is auth or named from it", () => {
        const top = run.resources.filter((r) => r.type === "tesseral-aws:index:Tesseral");
        expect(top.map((r) => r.name)).to.deep.equal(["auth"]);
        const named = run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"));
        const foreign = named.filter((r) => !r.name.startsWith("auth")).map((r) => `${r.type} ${r.name}`);
        expect(foreign).to.deep.equal([]);
        expect(named.filter((r) => r.name.startsWith("tesseral-"))).to.deep.equal([]);
    });

    it("exports its own outputs, from its own settings (domain, bootstrap password secret)", () => {
        expect(run.outputs.loginUrl).to.equal("https://console.id.consumer.example");
        expect(run.outputs.vaultUrl).to.equal("https://vault.console.id.consumer.example");
        expect(run.outputs.backendApiUrl).to.equal("https://api.id.consumer.example");
        expect(run.outputs.adminPassword).to.deep.equal({ secret: true });
        // With a hosted zone, every record is created; none is left for the user.
        expect(run.outputs.dnsRecords).to.deep.equal([]);
        expect(run.outputs.sesIdentities).to.deep.equal(["mail.vault.console.id.consumer.example", "mail.vaults.id.consumer.example"]);
    });

    it("creates exactly the kinds and counts of resources the main program creates with the same settings", async () => {
        const main = await evaluateProgram({ config: SAME_SETTINGS_AS_MAIN_CONFIG });
        const mainKinds = kinds(main.recorder.resources.map((r) => r.type));
        const consumerKinds = kinds(run.resources.map((r) => r.type));
        expect([...consumerKinds.entries()].sort()).to.deep.equal([...mainKinds.entries()].sort());
    });

    it("creates the same kinds as the main program's dev stack, except the ones its settings explain", async () => {
        const main = await evaluateProgram({ config: devConfig({ "aws:region": "us-west-2", network: { nat: "gateway" } }) });
        const mainTypes = new Set(main.recorder.resources.map((r) => r.type));
        const consumerTypes = new Set(run.resources.map((r) => r.type));
        const added = [...consumerTypes].filter((t) => !mainTypes.has(t)).sort();
        const removed = [...mainTypes].filter((t) => !consumerTypes.has(t)).sort();
        expect(added, "kinds only the consumer creates").to.deep.equal(EXPLAINED.flatMap((e) => e.adds).sort());
        expect(removed, "kinds only the main program creates").to.deep.equal(EXPLAINED.flatMap((e) => e.removes).sort());
        // And the bulk is shared: the component, its sub-components, the chain, the edge.
        for (const t of ["tesseral-aws:index:Tesseral", "tesseral-aws:index:TesseralApi", "tesseral-aws:index:Edge", "tesseral-aws:index:DeployChain",
            "aws:cloudfront/distribution:Distribution", "aws:lambda/function:Function", "command:local:Command"]) {
            expect(consumerTypes.has(t) && mainTypes.has(t), t).to.equal(true);
        }
    });
});
