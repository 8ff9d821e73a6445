import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { Engine, skipWithoutEngine, makeEngine, REPO_ROOT } from "./support/real-engine";
import { makePythonProject, pythonHostMissing } from "./support/python-project";

const run = promisify(execFile);
const PLUGIN_DIR = path.join(REPO_ROOT, "plugin");
const TOKEN = "tesseral-aws:index:Tesseral";

interface Schema {
    name: string;
    resources: Record<string, { isComponent?: boolean; inputProperties: Record<string, unknown>; properties: Record<string, unknown> }>;
}

/**
 * The component package as other languages get it (issue 12): `pulumi package get-schema` on the
 * plugin folder, then `pulumi package add <plugin dir>` in a Python project, which runs the plugin
 * through the Node.js host, generates the Python SDK through the Python host (built from the same
 * pulumi source: test/engine/support/build-python-host.sh) and installs it in the project's venv.
 */
describe("engine: the plugin's schema and a Python SDK from `pulumi package add` (real Pulumi CLI)", function () {
    this.timeout(15 * 60_000);
    let engine: Engine;
    let schema: Schema;

    before(function () {
        skipWithoutEngine(this);
        engine = makeEngine();
    });
    after(() => engine?.dispose());

    it("`pulumi package get-schema <plugin dir>` exits 0 with the component resource in the schema", async () => {
        const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-schema-"));
        try {
            const got = await engine.pulumi(["package", "get-schema", PLUGIN_DIR], elsewhere);
            expect(got.code, got.stderr).to.equal(0);
            schema = JSON.parse(got.stdout) as Schema;
        } finally {
            fs.rmSync(elsewhere, { recursive: true, force: true });
        }
        expect(schema.name).to.equal("tesseral-aws");
        expect(schema.resources).to.have.key(TOKEN);
        expect(schema.resources[TOKEN].isComponent).to.equal(true);
        expect(schema.resources[TOKEN].inputProperties).to.include.keys("domain", "rootUserEmail");
        expect(schema.resources[TOKEN].properties).to.include.keys("consoleUrl", "bootstrapUserPassword");
    });

    describe("in a Python project", function () {
        let project: string;

        before(function () {
            const missing = pythonHostMissing();
            if (missing) {
                console.log(`    Python SDK generation skipped: ${missing}`);
                this.skip();
            }
            project = makePythonProject("tesseral-python-consumer");
        });
        after(() => {
            if (project) fs.rmSync(project, { recursive: true, force: true });
        });

        it("`pulumi package add <plugin dir>` generates a Python SDK holding the Tesseral class, importable from the venv", async () => {
            const started = Date.now();
            const added = await engine.pulumi(["package", "add", PLUGIN_DIR], project);
            console.log(`      pulumi package add took ${Math.round((Date.now() - started) / 1000)} s`);
            expect(added.code, added.stdout.slice(-3000) + added.stderr).to.equal(0);

            const sdk = path.join(project, "sdks", "tesseral-aws", "pulumi_tesseral_aws");
            expect(fs.existsSync(sdk), `${sdk} exists`).to.equal(true);
            const module = fs.readFileSync(path.join(sdk, "tesseral.py"), "utf8");
            expect(module).to.match(/^class Tesseral\(pulumi\.ComponentResource\):/m);
            expect(module).to.include(`"${TOKEN}"`);
            // Every output of the schema is a property of the Python class (snake_case).
            for (const prop of Object.keys(schema?.resources[TOKEN].properties ?? { consoleUrl: 1 })) {
                const snake = prop.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
                expect(module, prop).to.match(new RegExp(`def ${snake}\\(self\\)`));
            }
            // The project records the package, and the SDK imports in the project's own virtualenv.
            expect(fs.readFileSync(path.join(project, "Pulumi.yaml"), "utf8")).to.match(/packages:\n\s+tesseral-aws: /);
            const { stdout } = await run(path.join(project, "venv", "bin", "python"), ["-c",
                "import pulumi, pulumi_tesseral_aws as t; print(t.Tesseral.__name__, issubclass(t.Tesseral, pulumi.ComponentResource))"], { cwd: project });
            expect(stdout.trim()).to.equal("Tesseral True");
        });
    });
});
