import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { makeConsumerProject } from "./support/consumer-project";
import { diagnostics } from "./support/diagnostics";
import { copyFixtureTree } from "./support/fixture-tree";
import { initStackWithKeys } from "./support/secret-config";
import { skipWithoutEngine, REPO_ROOT } from "./support/real-engine";
import { startWorld, World } from "./support/world";

const STACK = "example";

interface StateResource { type: string; urn: string; outputs?: Record<string, unknown> }

/**
 * examples/consumer deployed for real (issue 12): `pulumi up` on a copy of the project with the
 * package linked in as its file: dependency gives it, on the real engine with the stand-in AWS
 * provider, a real PostgreSQL behind the stand-in Aurora cluster and the AWS emulator (the world of
 * test/engine/deploy.test.ts). Its stack is Pulumi.example.yaml with the fixture tree as source.
 * test/integration/consumer.test.ts compares its resources with the main program's under mocks;
 * this one shows the engine accepts and deploys what it promises.
 */
describe("engine: examples/consumer deploys with the package linked in (real Pulumi engine)", function () {
    this.timeout(20 * 60_000);
    let world: World;
    let tree: string;
    let project: string;
    const pulumi = (args: string[]) => world.engine.pulumi([...args, "--stack", STACK], project);

    before(async function () {
        skipWithoutEngine(this);
        tree = copyFixtureTree();
        project = makeConsumerProject();
        // Its example stack, with the fixture as the Tesseral checkout it keeps next to it.
        const example = fs.readFileSync(path.join(project, "Pulumi.example.yaml"), "utf8");
        const config = example.replace(/(tesseral-consumer:tesseralSource:) .*/, `$1 ${tree}`);
        expect(config, "Pulumi.example.yaml names tesseralSource").to.not.equal(example);
        fs.writeFileSync(path.join(project, `Pulumi.${STACK}.yaml`), config);
        world = await startWorld();
        await initStackWithKeys(world.engine, STACK, project, "tesseral-consumer");
    });
    after(async () => {
        await world?.stop();
        for (const d of [tree, project]) if (d) fs.rmSync(d, { recursive: true, force: true });
    });

    it("`pulumi up` succeeds and exports the outputs the consumer promises, the password as a secret", async () => {
        const started = Date.now();
        const up = await pulumi(["up", "--yes", "--skip-preview"]);
        console.log(`      consumer up took ${Math.round((Date.now() - started) / 1000)} s`);
        expect(up.code, diagnostics(up)).to.equal(0);
        const outputs = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
        expect(outputs.loginUrl).to.equal("https://console.id.consumer.example");
        expect(outputs.vaultUrl).to.equal("https://vault.console.id.consumer.example");
        expect(outputs.backendApiUrl).to.equal("https://api.id.consumer.example");
        expect(outputs.adminPassword).to.equal("[secret]");
        expect(outputs.projectId).to.be.a("string").and.not.equal("");
        // With a hosted zone every record is made; none is left for the user.
        expect(outputs.dnsRecords).to.deep.equal([]);
        expect(outputs.sesIdentities).to.deep.equal(["mail.vault.console.id.consumer.example", "mail.vaults.id.consumer.example"]);
        const secret = JSON.parse((await pulumi(["stack", "output", "--json", "--show-secrets"])).stdout) as { adminPassword: string };
        expect(secret.adminPassword).to.match(/^this_is_a_very_sensitive_password_/);
    });

    it("the state holds the consumer's own choices: Tesseral `auth`, Aurora, a NAT instance, Route 53 records, an alarm topic, nothing named tesseral-*", async () => {
        const state = JSON.parse((await pulumi(["stack", "export"])).stdout) as { deployment: { resources: StateResource[] } };
        const resources = state.deployment.resources;
        const named = (type: string) => resources.filter((r) => r.type === type).map((r) => r.urn.split("::").pop());
        expect(named("tesseral-aws:index:Tesseral")).to.deep.equal(["auth"]);
        expect(named("aws:rds/cluster:Cluster")).to.have.length(1);
        expect(named("aws:rds/clusterInstance:ClusterInstance")).to.have.length.greaterThan(0);
        expect(named("aws:rds/instance:Instance"), "no RDS instance: the consumer chose Aurora").to.deep.equal([]);
        expect(named("tesseral-aws:index:NatInstance")).to.have.length(1);
        expect(named("aws:route53/record:Record").length).to.be.greaterThan(3);
        expect(named("aws:sns/topic:Topic")).to.have.length(1);
        const own = resources.filter((r) => !r.type.startsWith("pulumi:"));
        expect(own.length).to.be.greaterThan(100);
        expect(own.filter((r) => !(r.urn.split("::").pop() ?? "").startsWith("auth")).map((r) => r.urn)).to.deep.equal([]);
        // The component came from the linked package's build, not this repository's sources.
        expect(fs.realpathSync(path.join(project, "node_modules", "tesseral-aws"))).to.equal(REPO_ROOT);
    });

    it("migrate and bootstrap ran against the PostgreSQL behind the stand-in Aurora cluster: one project, the exported one", async () => {
        const outputs = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout) as { projectId: string };
        // world.pg.query reads the `tesseral` database, the one the program names (database.ts dbName).
        const projects = await world.pg.query<{ id: string }>("SELECT id FROM projects");
        expect(projects.map((p) => p.id)).to.deep.equal([outputs.projectId]);
    });

    it("`pulumi preview --expect-no-changes` exits 0 right after", async () => {
        const preview = await pulumi(["preview", "--expect-no-changes", "--diff"]);
        // --diff prints only what changes, in the engine's order: the first resources are the cause.
        expect(preview.code, preview.stdout.slice(0, 12000) + preview.stderr).to.equal(0);
    });
});
