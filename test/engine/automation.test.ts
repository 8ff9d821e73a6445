import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { copyFixtureTree } from "./support/fixture-tree";
import { initStackWithKeys } from "./support/secret-config";
import { skipWithoutEngine, REPO_ROOT } from "./support/real-engine";
import { removeStackConfig, writeStackConfig } from "./support/stack";
import { startWorld, World } from "./support/world";

const execFileP = promisify(execFile);
/** A stack of its own, so this file and deploy.test.ts never share state or build outputs. */
const STACK = "engine-automation";

interface Run { code: number; stdout: string; stderr: string }

/**
 * `npm run automation` (scripts/automation.ts, the Automation API driver the README gives CI) on the
 * real engine (issue 12): it finds the CLI on PATH and the backend, PULUMI_HOME and passphrase in
 * its environment, as a CI job would have them; the program is the root's index.ts on the fixture
 * tree with runner local, in the same world as test/engine/deploy.test.ts.
 */
describe("engine: `npm run automation` drives preview, up and destroy on a stack (real Pulumi engine)", function () {
    this.timeout(20 * 60_000);
    let world: World;
    let tree: string;

    const automation = async (args: string[]): Promise<Run> => {
        try {
            const { stdout, stderr } = await execFileP("npm", ["run", "--silent", "automation", "--", ...args], {
                cwd: REPO_ROOT, env: world.engine.env, maxBuffer: 256 * 1024 * 1024, timeout: 20 * 60_000,
            });
            return { code: 0, stdout, stderr };
        } catch (e) {
            const err = e as { code?: number; stdout?: string; stderr?: string };
            return { code: typeof err.code === "number" ? err.code : 1, stdout: err.stdout ?? "", stderr: err.stderr ?? String(e) };
        }
    };
    const tail = (r: Run): string => r.stdout.slice(-5000) + r.stderr.slice(-3000);
    /** The `changes: {...}` / `result: ...; changes: {...}` line the script prints. */
    const changes = (r: Run): Record<string, number> => {
        const m = /changes: (\{.*\})\s*$/m.exec(r.stdout);
        if (!m) throw new Error(`no changes line in the output:\n${tail(r)}`);
        return JSON.parse(m[1]) as Record<string, number>;
    };

    before(async function () {
        skipWithoutEngine(this);
        tree = copyFixtureTree();
        world = await startWorld();
        writeStackConfig(tree, STACK);
        // As CI prepares a stack before the first run: created, its secrets set with the CLI.
        await initStackWithKeys(world.engine, STACK, REPO_ROOT);
    });
    after(async () => {
        removeStackConfig(STACK);
        await world?.stop();
        if (tree) fs.rmSync(tree, { recursive: true, force: true });
        fs.rmSync(path.join(REPO_ROOT, ".tesseral", STACK), { recursive: true, force: true });
    });

    it("`preview` selects the stack (config from Pulumi.<stack>.yaml) and plans only creates", async () => {
        const r = await automation(["preview", "--stack", STACK]);
        expect(r.code, tail(r)).to.equal(0);
        expect(r.stdout).to.include(`preview ${STACK} (${REPO_ROOT})`);
        const planned = changes(r);
        expect(Object.keys(planned), JSON.stringify(planned)).to.deep.equal(["create"]);
        expect(planned.create).to.be.greaterThan(100);
    });

    it("`up` deploys it, prints the outputs with secrets as [secret], and the CLI sees the same stack", async () => {
        const r = await automation(["up", "--stack", STACK]);
        expect(r.code, tail(r)).to.equal(0);
        expect(r.stdout).to.match(/^result: succeeded; changes: /m);
        expect(changes(r).create).to.be.greaterThan(100);
        expect(r.stdout).to.include('  consoleUrl = "https://console.auth.example.com"');
        expect(r.stdout).to.include("  bootstrapUserPassword = [secret]");
        const password = (JSON.parse((await world.engine.pulumi(["stack", "output", "--json", "--show-secrets", "--stack", STACK], REPO_ROOT)).stdout) as { bootstrapUserPassword: string }).bootstrapUserPassword;
        expect(password).to.match(/^this_is_a_very_sensitive_password_/);
        expect(r.stdout + r.stderr, "the password is not printed").to.not.include(password);
    });

    it("a second `preview` through it plans no change", async () => {
        const r = await automation(["preview", "--stack", STACK]);
        expect(r.code, tail(r)).to.equal(0);
        expect(Object.keys(changes(r)), r.stdout.slice(-3000)).to.deep.equal(["same"]);
    });

    it("`destroy` refuses without --yes, and with it removes the stack's resources", async () => {
        const refused = await automation(["destroy", "--stack", STACK]);
        expect(refused.code).to.equal(1);
        expect(refused.stderr).to.include("destroy needs --yes");
        const r = await automation(["destroy", "--stack", STACK, "--yes"]);
        expect(r.code, tail(r)).to.equal(0);
        expect(r.stdout).to.match(/^result: succeeded$/m);
        const state = JSON.parse((await world.engine.pulumi(["stack", "export", "--stack", STACK], REPO_ROOT)).stdout) as { deployment: { resources?: unknown[] } };
        expect(state.deployment.resources ?? []).to.deep.equal([]);
    });
});
