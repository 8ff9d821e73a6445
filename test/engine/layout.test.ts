import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Engine, skipWithoutEngine, makeEngine, REPO_ROOT } from "./support/real-engine";
import { initStackWithKeys } from "./support/secret-config";
import { ENGINE_STACK, removeStackConfig, writeStackConfig } from "./support/stack";

const FIXTURE_TREE = path.join(REPO_ROOT, "test", "fixtures", "tesseral");

interface PreviewStep { op: string; urn: string; newState?: { type: string } }

/**
 * Issue 10, item 0, on the real CLI: `pulumi up` at the root runs the program (Pulumi.yaml `main`),
 * and `pulumi package get-schema` accepts the plugin folder. Both failed before: the preview showed
 * only the Stack (the library ran), and get-schema stopped at "detected both PulumiPlugin.yaml and
 * Pulumi.yaml".
 */
describe("engine: the program and the plugin, each in its folder (real Pulumi CLI)", function () {
    this.timeout(10 * 60_000);
    let engine: Engine;

    before(function () {
        skipWithoutEngine(this);
        engine = makeEngine();
    });
    after(() => {
        removeStackConfig();
        engine?.dispose();
    });

    it("`pulumi preview` at the root runs index.ts: the Tesseral component and its AWS resources, not the library", async () => {
        writeStackConfig(FIXTURE_TREE);
        await initStackWithKeys(engine, ENGINE_STACK, REPO_ROOT);
        const preview = await engine.pulumi(["preview", "--stack", ENGINE_STACK, "--json"], REPO_ROOT);
        expect(preview.code, preview.stderr + preview.stdout.slice(-4000)).to.equal(0);
        const steps = (JSON.parse(preview.stdout) as { steps: PreviewStep[] }).steps;
        const types = steps.map((s) => s.newState?.type ?? "");
        expect(types).to.include("tesseral-aws:index:Tesseral");
        expect(types.filter((t) => t.startsWith("aws:")).length, "AWS resources in the preview").to.be.greaterThan(50);
        expect(steps.every((s) => s.op === "create")).to.equal(true);
    });

    it("`pulumi package get-schema ./plugin` accepts the plugin: one resource, tesseral-aws:index:Tesseral", async () => {
        // From a folder outside the repository, as a consumer's `pulumi package add` runs it.
        const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-consumer-"));
        try {
            const got = await engine.pulumi(["package", "get-schema", path.join(REPO_ROOT, "plugin")], elsewhere);
            expect(got.code, got.stderr).to.equal(0);
            const schema = JSON.parse(got.stdout) as { name: string; version: string; resources: Record<string, { isComponent?: boolean; inputProperties: Record<string, unknown> }> };
            expect(schema.name).to.equal("tesseral-aws");
            expect(Object.keys(schema.resources)).to.deep.equal(["tesseral-aws:index:Tesseral"]);
            expect(schema.resources["tesseral-aws:index:Tesseral"].isComponent).to.equal(true);
            expect(Object.keys(schema.resources["tesseral-aws:index:Tesseral"].inputProperties)).to.include.members(["domain", "rootUserEmail"]);
        } finally {
            fs.rmSync(elsewhere, { recursive: true, force: true });
        }
    });
});
