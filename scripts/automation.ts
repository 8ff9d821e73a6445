// Preview, update or destroy a stack of this project through the Automation API, for CI.
//
//   npm run automation -- preview --stack dev
//   npm run automation -- up --stack prod [--refresh] [--yes]
//   npm run automation -- destroy --stack dev --yes
//
// Progress streams to the terminal; the process exits non-zero when the operation fails. After
// `up` the stack outputs are printed with secrets masked. Needs the Pulumi CLI on PATH and a
// backend login (PULUMI_ACCESS_TOKEN, or PULUMI_BACKEND_URL for a self-managed backend), plus AWS
// credentials, exactly as `pulumi up` would.
import * as path from "path";
import { LocalWorkspace, OutputMap, Stack } from "@pulumi/pulumi/automation";

const OPERATIONS = ["preview", "up", "destroy"] as const;
type Operation = (typeof OPERATIONS)[number];

interface Options {
    operation: Operation;
    stackName: string;
    refresh: boolean;
    yes: boolean;
}

const USAGE = "usage: npm run automation -- <preview|up|destroy> --stack <name> [--refresh] [--yes]";

export function parseArgs(argv: string[]): Options {
    const [operation, ...rest] = argv;
    if (!OPERATIONS.includes(operation as Operation)) throw new Error(`unknown operation "${operation ?? ""}"\n${USAGE}`);
    let stackName: string | undefined;
    let refresh = false;
    let yes = false;
    for (let i = 0; i < rest.length; i++) {
        const arg = rest[i];
        if (arg === "--stack" || arg === "-s") stackName = rest[++i];
        else if (arg.startsWith("--stack=")) stackName = arg.slice("--stack=".length);
        else if (arg === "--refresh") refresh = true;
        else if (arg === "--yes" || arg === "-y") yes = true;
        else throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    }
    if (!stackName) throw new Error(`--stack is required\n${USAGE}`);
    return { operation: operation as Operation, stackName, refresh, yes };
}

/** Outputs as `name = value`, secrets as `[secret]`, values as JSON. */
export function formatOutputs(outputs: OutputMap): string {
    return Object.keys(outputs).sort().map((k) => {
        const { value, secret } = outputs[k];
        return `  ${k} = ${secret ? "[secret]" : JSON.stringify(value, null, 2).replace(/\n/g, "\n  ")}`;
    }).join("\n");
}

async function run(opts: Options): Promise<void> {
    const workDir = path.resolve(__dirname, "..");
    const stack: Stack = await LocalWorkspace.createOrSelectStack({ stackName: opts.stackName, workDir });
    const onOutput = (out: string) => { process.stdout.write(out); };
    const color = process.stdout.isTTY ? "auto" : "never";
    console.log(`${opts.operation} ${stack.name} (${workDir})`);

    switch (opts.operation) {
        case "preview": {
            const result = await stack.preview({ onOutput, color, refresh: opts.refresh, diff: true });
            console.log(`\nchanges: ${JSON.stringify(result.changeSummary)}`);
            return;
        }
        case "up": {
            const result = await stack.up({ onOutput, color, refresh: opts.refresh });
            console.log(`\nresult: ${result.summary.result}; changes: ${JSON.stringify(result.summary.resourceChanges ?? {})}`);
            console.log(`outputs:\n${formatOutputs(result.outputs)}`);
            return;
        }
        case "destroy": {
            // The data is protected by default (tesseral:protect); destroying is an explicit choice.
            if (!opts.yes) throw new Error("destroy needs --yes (resources kept by tesseral:protect stay either way)");
            const result = await stack.destroy({ onOutput, color, refresh: opts.refresh });
            console.log(`\nresult: ${result.summary.result}`);
            return;
        }
    }
}

if (require.main === module) {
    let opts: Options;
    try {
        opts = parseArgs(process.argv.slice(2));
    } catch (e) {
        console.error((e as Error).message);
        process.exit(2);
    }
    run(opts).catch((e: unknown) => {
        // CommandError carries the CLI's stderr; print it once, without a JS stack for it.
        console.error(`\n${opts.operation} ${opts.stackName} failed:\n${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
    });
}
