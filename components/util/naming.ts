import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

/**
 * The folder of this stack's build outputs, relative to the Pulumi project so that resource
 * inputs do not depend on where the project is checked out.
 */
export function buildRoot(): string {
    return path.posix.join(".tesseral", pulumi.getStack());
}

/** `path` as seen from `fromDir` (both relative to the project, or `path` absolute). */
export function relativeFrom(fromDir: string, target: string): string {
    if (path.isAbsolute(target)) return target;
    return path.posix.relative(fromDir, target) || ".";
}
