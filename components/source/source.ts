import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { Settings } from "../config/settings";
import { fingerprint, sha256 } from "../util/hash";
import { script } from "../util/shell";
import { goBuildHash } from "./go-deps";
import { spaSourceHash } from "./tree-hash";

/** What each build consumes, fingerprinted: a content hash (path mode) or the ref (git mode). */
export interface SourceFingerprints {
    api: string;
    openauthctl: string;
    console: string;
    vaultUi: string;
}

/** A Tesseral source tree as the build steps see it. */
export interface SourceTree {
    kind: "path" | "git";
    /** The checkout, relative to the Pulumi project (or absolute when configured so). */
    dir: string;
    /** Shell lines that make sure `$TESSERAL_SOURCE` holds the tree (a clone where it is missing). */
    prepare: string;
    /** Environment the build steps pass so that `prepare` works (`TESSERAL_SOURCE` and the git remote). */
    environment: Record<string, string>;
    fingerprints: SourceFingerprints;
}

/** Where a git source is cloned: one folder per remote and ref, shared by every stack of the project. */
export function gitCacheDir(git: string, ref: string): string {
    return path.posix.join(".tesseral", "src", sha256(`${git}@${ref}`).slice(0, 16));
}

/** Clones into a temporary folder and renames it into place, so a half-done clone is never used. */
export const GIT_PREPARE = [
    `if [ ! -d "$TESSERAL_SOURCE/.git" ]; then`,
    `  tmp="$TESSERAL_SOURCE.tmp.$$"; rm -rf "$tmp"; mkdir -p "$tmp"`,
    `  git -C "$tmp" init -q`,
    `  git -C "$tmp" fetch -q --depth 1 "$TESSERAL_GIT_URL" "$TESSERAL_GIT_REF"`,
    `  git -C "$tmp" -c advice.detachedHead=false checkout -q FETCH_HEAD`,
    `  if [ -d "$TESSERAL_SOURCE/.git" ]; then rm -rf "$tmp"; else mv "$tmp" "$TESSERAL_SOURCE"; fi`,
    `fi`,
].join("\n");

/** Pure description of a configured source; reads the tree in path mode to fingerprint it. */
export function describeSource(source: Settings["source"]): SourceTree {
    if (source.kind === "git") {
        const dir = gitCacheDir(source.git, source.ref);
        const id = `git:${fingerprint({ git: source.git, ref: source.ref })}`;
        return {
            kind: "git",
            dir,
            prepare: GIT_PREPARE,
            environment: { TESSERAL_SOURCE: dir, TESSERAL_GIT_URL: source.git, TESSERAL_GIT_REF: source.ref },
            fingerprints: { api: id, openauthctl: id, console: id, vaultUi: id },
        };
    }
    const dir = source.path.replace(/\/+$/, "");
    return {
        kind: "path",
        dir,
        prepare: "",
        environment: { TESSERAL_SOURCE: dir },
        fingerprints: {
            api: goBuildHash(dir, "./cmd/api"),
            openauthctl: goBuildHash(dir, "./cmd/openauthctl"),
            console: spaSourceHash(dir, "console"),
            vaultUi: spaSourceHash(dir, "vault-ui"),
        },
    };
}

export interface TesseralSourceArgs {
    source: Settings["source"];
}

/**
 * Tesseral's source: a local checkout as it is, or a git ref cloned once into `.tesseral/src/`.
 * Build steps depend on `ready` and re-run `prepare` themselves, so a machine that lacks the
 * clone (a fresh CI runner) gets it back when a build has to run.
 */
export class TesseralSource extends pulumi.ComponentResource {
    public readonly tree: SourceTree;
    /** Resources a build must wait for (the clone in git mode). */
    public readonly ready: pulumi.Resource[];

    constructor(name: string, args: TesseralSourceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:TesseralSource", name, {}, opts);
        this.tree = describeSource(args.source);
        this.ready = this.tree.kind === "git" ? [this.clone(name)] : [];
        this.registerOutputs({ dir: this.tree.dir, fingerprints: this.tree.fingerprints });
    }

    private clone(name: string): command.local.Command {
        return new command.local.Command(`${name}-clone`, {
            create: script(this.tree.prepare),
            environment: this.tree.environment,
            triggers: [this.tree.fingerprints.api],
        }, { parent: this });
    }
}
