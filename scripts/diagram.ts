// The README's architecture diagram: generated from the edge routing table (edgeRoutes) and a
// mocked evaluation of Pulumi.dev.yaml, written between the README's diagram markers.
// Run: npx tsx scripts/diagram.ts (or `npm run diagram`); `--check` only reports whether it is stale.
import * as fs from "fs";
import * as path from "path";
import { parseSettings } from "../components/config/parse";
import { SECRET_KEYS, TesseralArgs } from "../components/config/settings";
import { nodeEnvironment } from "../components/config/stack";
import { edgeRoutes } from "../components/edge/routing";
import { evaluateProgram, REPO_ROOT } from "../test/support/evaluate";
import { stackFileConfig } from "../test/support/stack-file";
import { offlineConfig } from "./plan/config";
import { diagramBlock, readDiagramBlock, renderMermaid, writeDiagramBlock } from "./plan/mermaid";

export const README = path.join(REPO_ROOT, "README.md");
export const DIAGRAM_STACK = "dev";

/** Component arguments from a stack file's config map (what readStackConfig would produce). */
export function argsFromStackConfig(config: Record<string, unknown>): TesseralArgs {
    const args: Record<string, unknown> = {};
    const secrets: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(config)) {
        if (!k.startsWith("tesseral:")) continue;
        const key = k.slice("tesseral:".length);
        if ((SECRET_KEYS as readonly string[]).includes(key)) secrets[key] = v;
        else args[key] = v;
    }
    if (Object.keys(secrets).length) args.secrets = secrets;
    return args as unknown as TesseralArgs;
}

/** The diagram block as the generator produces it now. */
export async function generateDiagramBlock(stack = DIAGRAM_STACK): Promise<string> {
    const { config, secretKeys, missingRequired } = offlineConfig(stackFileConfig(stack));
    const settings = parseSettings(argsFromStackConfig(config), nodeEnvironment);
    const { recorder } = await evaluateProgram({ config, secretKeys: [...secretKeys, ...missingRequired], stack });
    const mermaid = renderMermaid(edgeRoutes(settings), recorder.resources);
    return diagramBlock(mermaid, `the routing table (\`edgeRoutes\`) and a mocked evaluation of \`Pulumi.${stack}.yaml\` by \`scripts/diagram.ts\``);
}

async function main(): Promise<void> {
    const check = process.argv.includes("--check");
    const readme = fs.readFileSync(README, "utf8");
    const block = await generateDiagramBlock();
    if (readDiagramBlock(readme) === block) {
        process.stdout.write("README diagram is up to date\n");
        return;
    }
    if (check) throw new Error("README diagram is stale: run npx tsx scripts/diagram.ts");
    fs.writeFileSync(README, writeDiagramBlock(readme, block));
    process.stdout.write("README diagram rewritten\n");
}

if (require.main === module) {
    main().then(() => process.exit(0), (e: unknown) => {
        process.stderr.write(`diagram: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
    });
}
