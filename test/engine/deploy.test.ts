import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { engineMissing, REPO_ROOT } from "./support/real-engine";
import { ENGINE_STACK, removeStackConfig, writeStackConfig } from "./support/stack";
import { startWorld, World } from "./support/world";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

interface Step { op: string; urn: string }

/** The Diagnostics section of a pulumi command's output (what went wrong), or its tail. */
const diagnostics = (r: { stdout: string; stderr: string }): string => {
    const at = r.stdout.indexOf("Diagnostics:");
    return (at >= 0 ? r.stdout.slice(at, at + 6000) : r.stdout.slice(-4000)) + r.stderr;
};

/** Every secret's plaintext in a `--show-secrets` export (secret values are `{ sig, plaintext }`). */
export function secretPlaintexts(exported: unknown): string[] {
    const found: string[] = [];
    const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v !== null && typeof v === "object") {
            const o = v as Record<string, unknown>;
            if (o[SECRET_SIG] !== undefined && typeof o.plaintext === "string") {
                const value = JSON.parse(o.plaintext) as unknown;
                if (typeof value === "string") found.push(value);
                else walk(value);
            } else Object.values(o).forEach(walk);
        }
    };
    walk(exported);
    return found;
}

/**
 * The real engine over the whole program (issue 12): `up` of Pulumi.dev.yaml with runner local on
 * a copy of the fixture tree, a real PostgreSQL where the stand-in RDS is, the AWS emulator behind
 * the publish steps. One stack and backend for all steps, in order.
 */
describe("engine: up, a second up that does nothing, a console change, destroy (real Pulumi engine)", function () {
    this.timeout(20 * 60_000);
    let world: World;
    let tree: string;
    const pulumi = (args: string[]) => world.engine.pulumi([...args, "--stack", ENGINE_STACK], REPO_ROOT);

    before(async function () {
        const missing = engineMissing();
        if (missing) {
            console.log(`    engine layer skipped: ${missing}`);
            this.skip();
        }
        tree = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-engine-tree-"));
        fs.cpSync(path.join(REPO_ROOT, "test", "fixtures", "tesseral"), tree, {
            recursive: true, filter: (src) => !/\/(node_modules|public)(\/|$)/.test(src.slice(REPO_ROOT.length)),
        });
        world = await startWorld();
        writeStackConfig(tree);
        const init = await world.engine.pulumi(["stack", "init", ENGINE_STACK], REPO_ROOT);
        expect(init.code, init.stderr).to.equal(0);
    });
    after(async () => {
        removeStackConfig();
        await world?.stop();
        if (tree) fs.rmSync(tree, { recursive: true, force: true });
        fs.rmSync(path.join(REPO_ROOT, ".tesseral", ENGINE_STACK), { recursive: true, force: true });
    });

    it("1. `pulumi up` succeeds; the README's outputs are there; the state holds no secret in plain text", async () => {
        const up = await pulumi(["up", "--yes", "--skip-preview"]);
        expect(up.code, diagnostics(up)).to.equal(0);
        const outputs = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
        expect(outputs).to.include.keys("consoleUrl", "vaultUrl", "dnsRecords", "dogfoodProjectId");
        expect(outputs.consoleUrl).to.equal("https://console.auth.example.com");
        expect(outputs.bootstrapUserPassword, "shown only with --show-secrets").to.equal("[secret]");
        // The rollout's health gate invoked the version the deploy published before the alias moved.
        expect(world.lambda.invocations).to.have.length(1);
        expect(world.lambda.invocations[0]).to.match(/^tesseral-api-engine-layer-[0-9a-f]{8}:\d+$/);
        // The bootstrap really ran against the loopback PostgreSQL.
        const projects = await world.pg.query<{ id: string }>("SELECT 1 AS id FROM pg_database WHERE datname = 'tesseral'");
        expect(projects).to.have.length(1);

        const plain = (await pulumi(["stack", "export"])).stdout;
        const secrets = secretPlaintexts(JSON.parse((await pulumi(["stack", "export", "--show-secrets"])).stdout));
        const password = (JSON.parse((await pulumi(["stack", "output", "--json", "--show-secrets"])).stdout) as { bootstrapUserPassword: string }).bootstrapUserPassword;
        expect(secrets, "the bootstrap password is a secret in the state").to.include(password);
        expect(secrets.some((s) => s.startsWith("postgres://tesseral:")), "the DSN is a secret in the state").to.equal(true);
        const leaked = secrets.filter((s) => s.length >= 12 && plain.includes(s));
        expect(leaked, "secret values in the plain state export").to.deep.equal([]);
    });

    it("2. `pulumi preview --expect-no-changes` exits 0 right after", async () => {
        const preview = await pulumi(["preview", "--expect-no-changes", "--diff"]);
        expect(preview.code, preview.stdout.slice(-6000) + preview.stderr).to.equal(0);
    });

    it("3. a change in the console's sources changes exactly the console build and its publish step", async () => {
        fs.appendFileSync(path.join(tree, "console", "src", "app.js"), "\n// a one-line change\n");
        const preview = await pulumi(["preview", "--json"]);
        expect(preview.code, preview.stderr).to.equal(0);
        const changed = (JSON.parse(preview.stdout) as { steps: Step[] }).steps
            .filter((s) => s.op !== "same")
            .map((s) => `${s.op} ${s.urn.split("::").slice(2).join("::")}`);
        console.log(`      changed: ${changed.join(", ")}`);
        expect(changed).to.have.length(2);
        expect(changed.some((c) => /console/.test(c) && /build/i.test(c))).to.equal(true);
        expect(changed.some((c) => /console/.test(c) && /publish|sync|upload/i.test(c))).to.equal(true);
        const up = await pulumi(["up", "--yes", "--skip-preview"]);
        expect(up.code, diagnostics(up)).to.equal(0);
    });

    it("6. `pulumi destroy` with protect: false removes everything", async () => {
        const destroy = await pulumi(["destroy", "--yes", "--skip-preview"]);
        expect(destroy.code, diagnostics(destroy)).to.equal(0);
        const state = JSON.parse((await pulumi(["stack", "export"])).stdout) as { deployment: { resources?: unknown[] } };
        expect(state.deployment.resources ?? []).to.deep.equal([]);
    });
});
