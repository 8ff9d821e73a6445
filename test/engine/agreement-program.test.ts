import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { ExecutingEngine, StepAction } from "../support/engine";
import { evaluateProgram, TEST_PROJECT_SERVICE_KEYS } from "../support/evaluate";
import { startPostgres, TestPostgres } from "../support/postgres";
import { upWithActions } from "./support/agreement-runs";
import { copyFixtureTree } from "./support/fixture-tree";
import { initStackWithKeys } from "./support/secret-config";
import { skipWithoutEngine, REPO_ROOT } from "./support/real-engine";
import { engineStackConfig, removeStackConfig, writeStackConfig } from "./support/stack";
import { startWorld, World } from "./support/world";

const STACK = "engine-agreement";
/** The mini-engine's own PostgreSQL (the real engine's world has 5432; chain.test.ts 54631). */
const MINI_PG_PORT = 54651;
const MINI_DB_PASSWORD = "agreementDbPassword0123456789";

/**
 * The repository's program through both engines (issue 12): the same stack config (Pulumi.dev.yaml
 * with runner local on a fixture tree), a first `up`, a repeat, and a one-line console edit. For
 * every command step, what the mini-engine of test/integration/chain.test.ts did must be what
 * `pulumi up` did (create/update/replace/same), so the chain test's claims about which steps re-run
 * hold for the real engine.
 */
describe("engine: the mini-engine agrees with the real engine on the repository's program", function () {
    this.timeout(20 * 60_000);
    let world: World;
    let pg: TestPostgres;
    let realTree: string;
    let miniTree: string;
    let miniDir: string;
    let mini: ExecutingEngine;
    let events: string;
    let n = 0;

    const miniConfig = (): Record<string, unknown> => ({
        ...(parse(engineStackConfig(miniTree)) as { config: Record<string, unknown> }).config,
        ...Object.fromEntries(Object.entries(TEST_PROJECT_SERVICE_KEYS).map(([k, v]) => [`tesseral:${k}`, v])),
    });
    const both = async (): Promise<{ m: Record<string, StepAction>; r: Record<string, StepAction> }> => {
        await evaluateProgram({ config: miniConfig(), mocks: mini.mocks(), onRecorder: mini.attach });
        const m = Object.fromEntries(mini.actions);
        const r = await upWithActions(world.engine, REPO_ROOT, STACK, path.join(events, `up-${++n}.jsonl`));
        expect(m, "each command step's action: mini-engine vs real engine").to.deep.equal(r);
        return { m, r };
    };
    const changed = (a: Record<string, StepAction>): string[] => Object.entries(a).filter(([, v]) => v !== "same").map(([k, v]) => `${v} ${k}`).sort();

    before(async function () {
        skipWithoutEngine(this);
        realTree = copyFixtureTree();
        miniTree = copyFixtureTree();
        miniDir = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-agree-program-"));
        events = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-agree-events-"));
        pg = await startPostgres(MINI_PG_PORT);
        await pg.createOwnedDatabase("tesseral", MINI_DB_PASSWORD, "tesseral");
        mini = new ExecutingEngine(miniDir, (type, name) => {
            if (type === "aws:rds/instance:Instance") return { address: "127.0.0.1", port: MINI_PG_PORT, resourceId: "db-AGREEMENT" };
            if (type === "random:index/randomPassword:RandomPassword" && name === "tesseral-db-password") return { result: pulumi.secret(MINI_DB_PASSWORD) };
            return undefined;
        });
        world = await startWorld();
        writeStackConfig(realTree, STACK);
        await initStackWithKeys(world.engine, STACK, REPO_ROOT);
    });
    after(async () => {
        removeStackConfig(STACK);
        await world?.stop();
        await pg?.stop();
        for (const d of [realTree, miniTree, miniDir, events]) if (d) fs.rmSync(d, { recursive: true, force: true });
        fs.rmSync(path.join(REPO_ROOT, ".tesseral", STACK), { recursive: true, force: true });
    });

    it("the first `up`: both create every command step", async () => {
        const { r } = await both();
        expect(Object.keys(r).length, "command steps").to.be.greaterThan(8);
        expect(Object.values(r).every((a) => a === "create")).to.equal(true);
    });

    it("a repeated `up`: both leave every command step the same", async () => {
        const { r } = await both();
        expect(changed(r)).to.deep.equal([]);
    });

    it("a one-line console edit: both re-run the console build and update its publish step, nothing else", async () => {
        for (const tree of [realTree, miniTree]) fs.appendFileSync(path.join(tree, "console", "src", "app.js"), "\n// a one-line change\n");
        const { r } = await both();
        console.log(`      changed: ${changed(r).join(", ")}`);
        expect(changed(r).map((c) => c.split(" ")[1])).to.deep.equal(["tesseral-chain-console-build", "tesseral-edge-console-publish"]);
        expect(r["tesseral-edge-console-publish"]).to.equal("update");
    });
});
