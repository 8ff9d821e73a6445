import { expect } from "chai";
import { StepAction } from "../support/engine";
import { miniEngineRunner, realEngineRunner, ScenarioConfig, ScenarioRunner, UpResult } from "./support/agreement-runs";
import { Engine, skipWithoutEngine, makeEngine } from "./support/real-engine";

/** d is independent of a, b and c: where its line falls in a run is the scheduler's choice. */
const ordered = (r: UpResult): string[] => r.ran.filter((l) => !l.startsWith("create d"));
const unordered = (r: UpResult): string[] => [...r.ran].sort();

/**
 * The mini-engine (test/support/engine.ts, used by test/integration/chain.test.ts and `npm run
 * local` because it runs the whole program in seconds) claims to do what `pulumi up` does with
 * command steps: create, then nothing on a repeat, an update (with the previous stdout) when an
 * input changes, a replacement when a trigger changes, ignoreChanges holding the old value on an
 * update (a replacement runs with the program's inputs, ignored ones included), and dependsOn
 * order. The same program (test/engine/agreement/) and the same sequence of configs go through
 * both engines; each `up` must agree in what every step did and in what the steps ran, in order
 * where dependsOn fixes it. The expected values are written out too, so a change of both at once
 * still shows.
 */
describe("engine: the mini-engine agrees with the real engine on a scenario of command steps", function () {
    this.timeout(10 * 60_000);
    let engine: Engine;
    let mini: ScenarioRunner;
    let real: ScenarioRunner;

    before(async function () {
        skipWithoutEngine(this);
        engine = makeEngine();
        mini = miniEngineRunner();
        real = await realEngineRunner(engine);
    });
    after(() => {
        mini?.dispose();
        real?.dispose();
        engine?.dispose();
    });

    const both = async (config: ScenarioConfig): Promise<{ m: UpResult; r: UpResult }> => {
        const m = await mini.up(config);
        const r = await real.up(config);
        expect(m.actions, "what each step did: mini-engine vs real engine").to.deep.equal(r.actions);
        expect(ordered(m), "what ran, in dependsOn order: mini-engine vs real engine").to.deep.equal(ordered(r));
        expect(unordered(m), "what ran: mini-engine vs real engine").to.deep.equal(unordered(r));
        return { m, r };
    };
    const all = (action: StepAction): Record<string, StepAction> => ({ a: action, b: action, c: action, d: action });

    it("create: every step runs once, a before b before c (dependsOn)", async () => {
        const { r } = await both({ greeting: "hello", cTrigger: "1", cIgnored: "first" });
        expect(r.actions).to.deep.equal(all("create"));
        expect(ordered(r)).to.deep.equal(["create a", "create b hello", "create c first"]);
        expect(r.ran).to.include("create d");
    });

    it("a repeated `up` with no change: every step the same, nothing runs", async () => {
        const { r } = await both({ greeting: "hello", cTrigger: "1", cIgnored: "first" });
        expect(r.actions).to.deep.equal(all("same"));
        expect(r.ran).to.deep.equal([]);
    });

    it("one changed input: that step alone is updated, its update command sees its previous stdout", async () => {
        const { r } = await both({ greeting: "bonjour", cTrigger: "1", cIgnored: "first" });
        expect(r.actions).to.deep.equal({ ...all("same"), b: "update" });
        expect(r.ran).to.deep.equal(["update b bonjour prev=b-hello"]);
    });

    it("a change to an ignored input alone: nothing happens", async () => {
        const { r } = await both({ greeting: "bonjour", cTrigger: "1", cIgnored: "second" });
        expect(r.actions).to.deep.equal(all("same"));
        expect(r.ran).to.deep.equal([]);
    });

    it("a changed trigger replaces the step, and the replacement runs with the ignored input's NEW value", async () => {
        // The mini-engine replayed the old value ("create c first") until this test compared it.
        const { r } = await both({ greeting: "bonjour", cTrigger: "2", cIgnored: "third" });
        expect(r.actions).to.deep.equal({ ...all("same"), c: "replace" });
        expect(r.ran).to.deep.equal(["create c third"]);
    });

    it("after the replacement the new value is the state: a repeat does nothing", async () => {
        const { r } = await both({ greeting: "bonjour", cTrigger: "2", cIgnored: "third" });
        expect(r.actions).to.deep.equal(all("same"));
        expect(r.ran).to.deep.equal([]);
    });
});
