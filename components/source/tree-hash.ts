import * as fs from "fs";
import * as path from "path";
import fg from "fast-glob";
import { createHash } from "crypto";

/** Folders no build consumes: dependencies, VCS data and our own build cache. */
export const ALWAYS_IGNORED = ["**/node_modules/**", "**/.git/**", "**/.tesseral/**"];

export interface FileEntry {
    /** Path relative to the tree root, `/`-separated. */
    path: string;
    content: Buffer;
}

/**
 * The fingerprint of a set of files: sha256 over each file's path and content hash, in path
 * order. Independent of the order given, of timestamps and of where the tree sits on disk.
 */
export function hashFileEntries(entries: readonly FileEntry[]): string {
    const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const h = createHash("sha256");
    for (const e of sorted) {
        h.update(e.path).update("\0").update(createHash("sha256").update(e.content).digest("hex")).update("\n");
    }
    return h.digest("hex");
}

/** Files of `root` that match `patterns` (fast-glob syntax) minus `ignore` and ALWAYS_IGNORED. */
export function listFiles(root: string, patterns: string[], ignore: string[] = []): string[] {
    return fg.sync(patterns, { cwd: root, ignore: [...ALWAYS_IGNORED, ...ignore], dot: true, onlyFiles: true, followSymbolicLinks: false })
        .sort();
}

/** Reads the listed files of `root` and fingerprints them. */
export function hashFiles(root: string, files: readonly string[]): string {
    return hashFileEntries(files.map((p) => ({ path: p, content: fs.readFileSync(path.join(root, p)) })));
}

/** The fingerprint of an SPA folder's sources: everything but its build output (`public/`, `dist/`). */
export function spaSourceHash(root: string, folder: string): string {
    const files = listFiles(root, [`${folder}/**`], [`${folder}/public/**`, `${folder}/dist/**`]);
    if (files.length === 0) throw new Error(`no files under ${path.join(root, folder)}: is this a Tesseral checkout?`);
    return hashFiles(root, files);
}
