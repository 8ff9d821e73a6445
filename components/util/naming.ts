import * as path from "path";
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";

/**
 * The folder of this stack's build outputs, relative to the Pulumi project so that resource
 * inputs do not depend on where the project is checked out.
 */
export function buildRoot(): string {
    return path.posix.join(".tesseral", pulumi.getStack());
}

/**
 * An absolute path as seen from the Pulumi project (where command steps run), `/`-separated, so
 * step inputs do not depend on where the project is checked out.
 */
export function fromProject(absolute: string): string {
    return path.relative(process.cwd(), absolute).split(path.sep).join("/") || ".";
}

/** Where an installed package is, from the Pulumi project: what a step's `node -` script requires. */
export function modulePathFromProject(pkg: string): string {
    return fromProject(path.dirname(require.resolve(`${pkg}/package.json`)));
}

/**
 * A short hash of project, stack and component name: names AWS makes unique per account and
 * region (KMS aliases, Lambda functions and their log groups) carry it, so two projects with a
 * `dev` stack in one account do not collide.
 */
export function scopeHash(project: string, stack: string, name: string): string {
    return createHash("sha256").update(`${project}/${stack}/${name}`, "utf8").digest("hex").slice(0, 8);
}
