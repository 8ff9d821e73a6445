import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

/**
 * The folder of this stack's build outputs, relative to the Pulumi project so that resource
 * inputs do not depend on where the project is checked out.
 */
export function buildRoot(): string {
    return path.posix.join(".tesseral", pulumi.getStack());
}
