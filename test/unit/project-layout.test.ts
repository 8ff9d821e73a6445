import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import * as pluginEntry from "../../plugin";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const read = (p: string): string => fs.readFileSync(path.join(REPO_ROOT, p), "utf8");

/**
 * The program and the component package each have their own folder (issue 10, item 0). Pulumi
 * refuses a folder holding both manifests (`detected both PulumiPlugin.yaml and Pulumi.yaml`, the
 * real CLI's error from `pulumi package get-schema ./`), and the Node.js language host runs
 * package.json's `main` (the built library, dist/) when Pulumi.yaml names none. The real CLI proves
 * both in test/engine/layout.test.ts; these checks keep the files saying so.
 */
describe("project layout: the program at the root, the plugin in plugin/", () => {
    it("Pulumi.yaml names the program (index.ts) as main, and that file exists", async () => {
        const project = parse(read("Pulumi.yaml")) as { main?: string; runtime: { name: string } };
        expect(project.main).to.equal("index.ts");
        expect(fs.existsSync(path.join(REPO_ROOT, project.main ?? ""))).to.equal(true);
        const pkg = JSON.parse(read("package.json")) as { main: string };
        expect(pkg.main, "package.json main is the library, so Pulumi.yaml must override it").to.not.equal(project.main);
    });

    it("no folder holds both PulumiPlugin.yaml and Pulumi.yaml; the plugin manifest sits in plugin/", async () => {
        expect(fs.existsSync(path.join(REPO_ROOT, "PulumiPlugin.yaml"))).to.equal(false);
        expect(fs.existsSync(path.join(REPO_ROOT, "plugin", "Pulumi.yaml"))).to.equal(false);
        expect((parse(read("plugin/PulumiPlugin.yaml")) as { runtime: string }).runtime).to.equal("nodejs");
    });

    it("plugin/package.json names the same package, version, description and licence as the root", async () => {
        const root = JSON.parse(read("package.json")) as Record<string, unknown>;
        const plugin = JSON.parse(read("plugin/package.json")) as Record<string, unknown>;
        for (const key of ["name", "version", "description", "license"]) {
            expect(plugin[key], key).to.equal(root[key]);
        }
        // No dependencies of its own: its install step installs the root's (a git clone has none yet).
        expect(plugin.dependencies).to.equal(undefined);
        expect((plugin.scripts as Record<string, string>).install).to.match(/^cd \.\. && npm (install|ci)\b/);
    });

    it("plugin/index.ts exports exactly Tesseral", async () => {
        expect(Object.keys(pluginEntry)).to.deep.equal(["Tesseral"]);
    });

    it("the README's `pulumi package add` lines point at the plugin folder", async () => {
        const lines = read("README.md").split("\n").filter((l) => l.startsWith("pulumi package add"));
        expect(lines).to.have.length.greaterThan(0);
        for (const l of lines) expect(l).to.match(/\.git\/plugin@<tag>|\/plugin\b/);
    });
});
