// One stack of the program on the real engine: its config file at the project root (the engine
// reads Pulumi.<stack>.yaml there), removed again by dispose().
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./real-engine";

export const ENGINE_STACK = "engine-layer";
export const STACK_CONFIG = path.join(REPO_ROOT, `Pulumi.${ENGINE_STACK}.yaml`);
/** The config file of another stack of the program (the automation test has its own). */
export const stackConfigPath = (stack: string): string => path.join(REPO_ROOT, `Pulumi.${stack}.yaml`);

/** Pulumi.dev.yaml with the source tree at `sourcePath` and the runner `local`. */
export function engineStackConfig(sourcePath: string): string {
    const dev = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8");
    const withSource = dev.replace(/ {2}tesseral:source:\n {4}git: .*\n {4}ref: .*\n/, `  tesseral:source:\n    path: ${sourcePath}\n`);
    if (withSource === dev) throw new Error("Pulumi.dev.yaml's tesseral:source is not the git/ref pair this layer replaces");
    return withSource.replace("tesseral:runner: lambda", "tesseral:runner: local");
}

export function writeStackConfig(sourcePath: string, stack: string = ENGINE_STACK): void {
    fs.writeFileSync(stackConfigPath(stack), engineStackConfig(sourcePath));
}

export function removeStackConfig(stack: string = ENGINE_STACK): void {
    fs.rmSync(stackConfigPath(stack), { force: true });
}
