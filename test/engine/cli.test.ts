import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { projectCopy, pulumiCli, runPulumi } from "./support";

/**
 * The real Pulumi CLI on the project as a user has it: `pulumi up` runs the program (not the
 * package's library entry), and `pulumi package add` accepts the plugin. Skipped, with one line,
 * where the CLI is not installed. @engine
 */
describe("the real Pulumi CLI @engine", function () {
    this.timeout(15 * 60 * 1000);
    const cli = pulumiCli();
    let project: string;
    let backend: string;

    before(function () {
        if (!cli) {
            console.log("    real-CLI checks skipped: no pulumi CLI (build it with ../shared/pulumi-engine/build.sh, or set PULUMI_CLI)");
            this.skip();
        }
        project = projectCopy();
        backend = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-backend-"));
    });

    it("`pulumi preview` at the root runs the program (index.ts): it registers the Tesseral component, not just the stack", async () => {
        expect(runPulumi(cli!, ["stack", "init", "dev"], project, backend).status).to.equal(0);
        // No AWS provider exists here, so the preview stops at the first AWS resource; by then the
        // program has registered its component. Running the library entry would register nothing.
        const preview = runPulumi(cli!, ["preview", "--stack", "dev"], project, backend);
        expect(preview.output).to.include("tesseral-aws:index:Tesseral");
    });

    it("`pulumi package get-schema ./plugin` (what `pulumi package add` runs) accepts the plugin and offers Tesseral with its outputs", async () => {
        const run = runPulumi(cli!, ["package", "get-schema", "./plugin"], project, backend);
        expect(run.status, run.output.slice(-2000)).to.equal(0);
        const schema = JSON.parse(run.output.slice(run.output.indexOf("{"), run.output.lastIndexOf("}") + 1)) as { name: string; resources: Record<string, { properties: Record<string, unknown> }> };
        expect(schema.name).to.equal("tesseral-aws");
        expect(Object.keys(schema.resources)).to.deep.equal(["tesseral-aws:index:Tesseral"]);
        expect(Object.keys(schema.resources["tesseral-aws:index:Tesseral"].properties)).to.include.members(["consoleUrl", "bootstrapUserPassword", "dnsRecords"]);
    });

    it("refuses a folder that holds both PulumiPlugin.yaml and Pulumi.yaml (why the plugin has its own folder)", async () => {
        fs.copyFileSync(path.join(project, "plugin", "PulumiPlugin.yaml"), path.join(project, "PulumiPlugin.yaml"));
        try {
            const run = runPulumi(cli!, ["package", "get-schema", "./"], project, backend);
            expect(run.status).to.not.equal(0);
            expect(run.output).to.match(/detected both PulumiPlugin.yaml and Pulumi.yaml/);
        } finally {
            fs.rmSync(path.join(project, "PulumiPlugin.yaml"));
        }
    });
});
