// npm run plan -- --stack <name>: an offline preview of Pulumi.<name>.yaml. Evaluates the program
// under the test mocks (no AWS account, no Pulumi CLI) and prints the resource tree, the DNS records,
// the secrets (names only) and a cost estimate from pricing/aws-us-east-1.json.
import * as fs from "fs";
import * as path from "path";
import { evaluateProgram, Evaluation, REPO_ROOT } from "../test/support/evaluate";
import { stackFileConfig } from "../test/support/stack-file";
import { offlineConfig } from "./plan/config";
import { PriceTable } from "./plan/cost";
import { renderPlan } from "./plan/report";

export const PRICE_TABLE_PATH = path.join(REPO_ROOT, "pricing", "aws-us-east-1.json");

export function loadPriceTable(file = PRICE_TABLE_PATH): PriceTable {
    return JSON.parse(fs.readFileSync(file, "utf8")) as PriceTable;
}

export interface PlanResult {
    text: string;
    evaluation: Evaluation;
    /** What Pulumi (or Node) printed as warnings during the evaluation; kept out of `text`. */
    warnings: string[];
}

/**
 * Evaluates a stack's config (the `config:` map of its stack file) under mocks and renders the
 * plan. Pulumi's warnings are collected instead of printed.
 */
export async function planFromConfig(stack: string, rawConfig: Record<string, unknown>): Promise<PlanResult> {
    const { config, secretKeys, missingRequired } = offlineConfig(rawConfig);
    const warnings: string[] = [];
    const saved = { warn: console.warn, error: console.error };
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    const nodeListeners = process.listeners("warning");
    process.removeAllListeners("warning");
    process.on("warning", onWarning);
    console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(" ")); };
    console.error = (...args: unknown[]) => { warnings.push(args.map(String).join(" ")); };
    let evaluation: Evaluation;
    try {
        evaluation = await evaluateProgram({ config, secretKeys: [...secretKeys, ...missingRequired], stack });
    } finally {
        console.warn = saved.warn;
        console.error = saved.error;
        process.off("warning", onWarning);
        for (const l of nodeListeners) process.on("warning", l);
    }
    const region = typeof config["aws:region"] === "string" ? config["aws:region"] : undefined;
    const missing = missingRequired.length === 0 ? "" : `Required secrets not set: ${missingRequired.join(", ")}. \`pulumi up\` refuses this stack until they are `
        + "(`pulumi config set --secret <key> <value>`); this plan uses placeholders for them.\n\n";
    const text = missing + renderPlan({
        stack, resources: evaluation.recorder.resources, stackOutputs: evaluation.stackOutputs,
        configSecrets: secretKeys, prices: loadPriceTable(), region,
    });
    return { text, evaluation, warnings };
}

/** The plan of the committed `Pulumi.<stack>.yaml`. */
export async function planStack(stack: string): Promise<PlanResult> {
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new Error(`not a stack name: ${stack}`);
    const file = path.join(REPO_ROOT, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) throw new Error(`no stack file ${path.relative(process.cwd(), file) || file}`);
    return planFromConfig(stack, stackFileConfig(stack));
}

function parseArgs(argv: string[]): { stack?: string; verbose: boolean } {
    let stack: string | undefined;
    let verbose = false;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--stack" || a === "-s") stack = argv[++i];
        else if (a.startsWith("--stack=")) stack = a.slice("--stack=".length);
        else if (a === "--verbose" || a === "-v") verbose = true;
        else throw new Error(`unknown argument ${a}`);
    }
    return { stack, verbose };
}

async function main(): Promise<void> {
    const { stack, verbose } = parseArgs(process.argv.slice(2));
    if (!stack) throw new Error("usage: npm run plan -- --stack <name> [--verbose]   (reads Pulumi.<name>.yaml)");
    const t0 = process.hrtime.bigint();
    const { text, warnings } = await planStack(stack);
    process.stdout.write(text);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const hidden = warnings.length ? `; ${warnings.length} warning(s) from the evaluation ${verbose ? "follow" : "hidden (--verbose shows them)"}` : "";
    process.stdout.write(`\n(evaluated in ${(ms / 1000).toFixed(1)} s${hidden})\n`);
    if (verbose) for (const w of warnings) process.stderr.write(`${w}\n`);
}

if (require.main === module) {
    main().then(() => process.exit(0), (e: unknown) => {
        process.stderr.write(`plan: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
    });
}
