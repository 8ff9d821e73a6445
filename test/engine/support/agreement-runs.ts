// The agreement scenario's program (test/engine/agreement/) run by both engines, one `up` at a time,
// with the same config: what each reports per step (create/update/replace/same) and what the steps
// really ran (the lines they appended to the log file).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ExecutingEngine, StepAction } from "../../support/engine";
import { runUnderMocks } from "../../support/evaluate";
import { Engine, REPO_ROOT } from "./real-engine";
import { diagnostics } from "./diagnostics";

export const AGREEMENT_PROGRAM = path.join(REPO_ROOT, "test", "engine", "agreement");

/** The scenario's knobs (config keys `agree:*`, except the log file each run gets). */
export interface ScenarioConfig { greeting: string; cTrigger: string; cIgnored: string }

export interface UpResult {
    /** Per command step, by name: what the engine did. */
    actions: Record<string, StepAction>;
    /** The lines the steps appended to the log during this `up`, in order. */
    ran: string[];
}

export interface ScenarioRunner {
    up(config: ScenarioConfig): Promise<UpResult>;
    dispose(): void;
}

function logTail(file: string, from: number): { lines: string[]; size: number } {
    const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    return { lines: text.slice(from).split("\n").filter((l) => l !== ""), size: text.length };
}

/** test/support/engine.ts: the program evaluated in this process under its mocks. */
export function miniEngineRunner(): ScenarioRunner {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-agree-mini-"));
    const log = path.join(dir, "ran.log");
    const engine = new ExecutingEngine(dir);
    const programPath = require.resolve(path.join(AGREEMENT_PROGRAM, "index.ts"));
    let seen = 0;
    return {
        async up(config) {
            pulumi.runtime.setAllConfig({
                "agree:log": log, "agree:greeting": config.greeting, "agree:cTrigger": config.cTrigger, "agree:cIgnored": config.cIgnored,
            }, []);
            delete require.cache[programPath];
            await runUnderMocks(() => require(programPath), { stack: "agree", mocks: engine.mocks(), onRecorder: engine.attach });
            const { lines, size } = logTail(log, seen);
            seen = size;
            return { actions: Object.fromEntries(engine.actions), ran: lines };
        },
        dispose() {
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}

interface EngineEvent {
    resourcePreEvent?: { metadata: { op: string; urn: string; type: string } };
    resOutputsEvent?: { metadata: { op: string; urn: string; type: string } };
}

/** The action an `up` took on a resource, from the ops its events name (a replacement has several). */
export function actionOf(ops: string[]): StepAction {
    if (ops.some((o) => o === "replace" || o === "create-replacement" || o === "delete-replaced")) return "replace";
    if (ops.includes("update")) return "update";
    if (ops.includes("create")) return "create";
    if (ops.every((o) => o === "same")) return "same";
    throw new Error(`unexpected ops ${ops.join(",")}`);
}

/** What an `up` did to each command step, by name, from its --event-log file. */
export function commandActions(eventLog: string): Record<string, StepAction> {
    const ops = new Map<string, string[]>();
    for (const line of fs.readFileSync(eventLog, "utf8").split("\n")) {
        if (!line.trim()) continue;
        const e = JSON.parse(line) as EngineEvent;
        const meta = e.resourcePreEvent?.metadata ?? e.resOutputsEvent?.metadata;
        if (!meta || meta.type !== "command:local:Command") continue;
        const name = meta.urn.split("::").pop() ?? meta.urn;
        ops.set(name, [...(ops.get(name) ?? []), meta.op]);
    }
    const actions: Record<string, StepAction> = {};
    for (const [name, o] of ops) actions[name] = actionOf(o);
    return actions;
}

/** `pulumi up` with an event log (offered with PULUMI_DEBUG_COMMANDS only): the command steps' actions. */
export async function upWithActions(engine: Engine, cwd: string, stack: string, eventLog: string): Promise<Record<string, StepAction>> {
    const up = await engine.pulumi(["up", "--yes", "--skip-preview", "--stack", stack, "--event-log", eventLog], cwd, { PULUMI_DEBUG_COMMANDS: "true" });
    if (up.code !== 0) throw new Error(`pulumi up failed:\n${diagnostics(up)}`);
    return commandActions(eventLog);
}

/** The real engine: `pulumi up` of a copy of the program in a temporary project, file backend. */
export async function realEngineRunner(engine: Engine): Promise<ScenarioRunner> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-agree-real-"));
    const log = path.join(dir, "ran.log");
    for (const f of ["Pulumi.yaml", "index.ts"]) fs.copyFileSync(path.join(AGREEMENT_PROGRAM, f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({
        name: "engine-agreement", private: true, main: "index.ts",
        dependencies: { "@pulumi/pulumi": "3.248.0", "@pulumi/command": "1.2.1" },
    }));
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
        compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true },
        files: ["index.ts"],
    }));
    // The repository's packages, as an installed project would have them.
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    const stack = "agree";
    const init = await engine.pulumi(["stack", "init", stack], dir);
    if (init.code !== 0) throw new Error(`stack init failed: ${init.stderr}`);
    const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
    // stack init wrote the passphrase's salt there; keep it, set the config beside it.
    const salt = fs.readFileSync(stackFile, "utf8").split("\n").filter((l) => l.startsWith("encryptionsalt:"));
    let seen = 0;
    let n = 0;
    return {
        async up(config) {
            fs.writeFileSync(stackFile, [...salt, "config:",
                `  agree:log: ${JSON.stringify(log)}`,
                `  agree:greeting: ${JSON.stringify(config.greeting)}`,
                `  agree:cTrigger: ${JSON.stringify(config.cTrigger)}`,
                `  agree:cIgnored: ${JSON.stringify(config.cIgnored)}`, ""].join("\n"));
            const events = path.join(dir, `events-${++n}.jsonl`);
            const actions = await upWithActions(engine, dir, stack, events);
            const { lines, size } = logTail(log, seen);
            seen = size;
            return { actions, ran: lines };
        },
        dispose() {
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}
