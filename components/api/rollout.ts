import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as command from "@pulumi/command";
import { modulePathFromProject } from "../util/naming";
import { firstLogLines, healthEvent, HEALTH_LOG_LINES, HEALTH_PATH, judgeHealth, runHealthGate, statusOf } from "./health-gate";

/** The alias API Gateway invokes: always, so a version moves into traffic only through the gate. */
export const LIVE_ALIAS = "live";

/**
 * The gate step's script (run as `node -`): invokes the new version with the health event through
 * Lambda `Invoke` (Qualifier = version, LogType = Tail) and exits 1 with the verdict's message when
 * it fails. The gate's logic is the very functions of `health-gate.ts`, serialised, so the step,
 * the unit tests and the real-Tesseral tests run the same code.
 */
export function gateScript(): string {
    // tsc's CommonJS output refers to exported constants as `exports.X`; esbuild (tsx) by name. Define both.
    const consts = { HEALTH_PATH, HEALTH_LOG_LINES };
    const prelude = Object.entries(consts).map(([k, v]) => `const ${k} = ${JSON.stringify(v)}; exports.${k} = ${k};`).join("\n");
    return [
        "// The API rollout's health gate: invokes the new version through @aws-sdk/client-lambda",
        "// (its path in TESSERAL_LAMBDA_CLIENT) and exits 1 with the verdict's message on failure.",
        '"use strict";',
        prelude,
        firstLogLines.toString(), statusOf.toString(), healthEvent.toString(), judgeHealth.toString(), runHealthGate.toString(),
        GATE_MAIN,
    ].join("\n");
}

const GATE_MAIN = `
async function lambdaInvoke(env) {
    // A path as seen from the project (where the step runs), not a package name: resolve it first.
    const sdk = require(require("path").resolve(env.TESSERAL_LAMBDA_CLIENT));
    const client = new sdk.LambdaClient({ region: env.AWS_REGION });
    return async (version, event) => {
        for (let attempt = 1; ; attempt++) {
            try {
                const out = await client.send(new sdk.InvokeCommand({
                    FunctionName: env.TESSERAL_FUNCTION_NAME, Qualifier: version, LogType: "Tail",
                    Payload: Buffer.from(JSON.stringify(event)),
                }));
                return {
                    functionError: out.FunctionError,
                    payload: out.Payload ? Buffer.from(out.Payload).toString("utf8") : "",
                    log: out.LogResult ? Buffer.from(out.LogResult, "base64").toString("utf8") : undefined,
                };
            } catch (e) {
                // A just-published version may still be Pending (VPC network interfaces).
                if (attempt >= 12 || !/ResourceNotReady|ResourceConflict|TooManyRequests/.test(String(e && e.name))) throw e;
                await new Promise((r) => setTimeout(r, 5000));
            }
        }
    };
}
async function main(env, invoke) {
    const verdict = await runHealthGate({ version: env.TESSERAL_VERSION, invoke });
    if (!verdict.ok) { process.stderr.write(verdict.message + "\\n"); process.exitCode = 1; return verdict; }
    process.stdout.write(JSON.stringify({ version: verdict.version, status: verdict.status }) + "\\n");
    return verdict;
}
module.exports = { main, runHealthGate, healthEvent, judgeHealth };
if (require.main === module || require.main === undefined) {
    lambdaInvoke(process.env).then((invoke) => main(process.env, invoke)).catch((e) => { process.stderr.write(String(e && e.message || e) + "\\n"); process.exitCode = 1; });
}
`;

export interface RolloutArgs {
    fn: aws.lambda.Function;
    region: string;
    /** `api.rollbackTo`: pin the alias to this version; no gate runs (the version passed it when it was new). */
    rollbackTo: number | undefined;
    provisionedConcurrency: number;
}

export interface Rollout {
    alias: aws.lambda.Alias;
    /** The gate step (absent when the alias is pinned). */
    gate: command.local.Command | undefined;
}

/**
 * The `live` alias and what moves it: the function publishes a version per deploy; the gate step
 * invokes that version with `GET /api/internal/health` and fails the deploy unless it answers 200;
 * only then is the alias updated (it depends on the step). A pinned `rollbackTo` moves the alias
 * to an old version without a gate and without a build.
 */
export function rollout(name: string, parent: pulumi.Resource, args: RolloutArgs): Rollout {
    const gate = args.rollbackTo === undefined ? new command.local.Command(`${name}-health-gate`, {
        create: "node -",
        stdin: gateScript(),
        environment: {
            TESSERAL_FUNCTION_NAME: args.fn.name,
            TESSERAL_VERSION: args.fn.version,
            TESSERAL_LAMBDA_CLIENT: modulePathFromProject("@aws-sdk/client-lambda"),
            AWS_REGION: args.region,
        },
        // Once per published version.
        triggers: [args.fn.version],
        addPreviousOutputInEnv: false,
    }, { parent }) : undefined;
    const alias = new aws.lambda.Alias(`${name}-live`, {
        name: LIVE_ALIAS,
        functionName: args.fn.name,
        functionVersion: args.rollbackTo === undefined ? args.fn.version : String(args.rollbackTo),
        description: args.rollbackTo === undefined
            ? "The version API Gateway invokes: the newest that passed the health gate"
            : `Pinned by tesseral:api.rollbackTo = ${args.rollbackTo}`,
    }, { parent, dependsOn: gate ? [gate] : [] });
    if (args.provisionedConcurrency > 0) {
        new aws.lambda.ProvisionedConcurrencyConfig(`${name}-provisioned`, {
            functionName: args.fn.name,
            qualifier: alias.name,
            provisionedConcurrentExecutions: args.provisionedConcurrency,
        }, { parent });
    }
    return { alias, gate };
}
