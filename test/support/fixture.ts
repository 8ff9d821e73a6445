import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { REPO_ROOT } from "./evaluate";

export const FIXTURE = path.join(REPO_ROOT, "test", "fixtures", "tesseral");

/** A scratch copy of the fixture tree (without build output), so tests can edit and build it. */
export function copyFixture(into?: string): string {
    const dir = into ?? fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-src-"));
    fs.cpSync(FIXTURE, dir, {
        recursive: true,
        filter: (src) => !["node_modules", "public"].includes(path.basename(src)),
    });
    return dir;
}

/** Makes `dir` a git repository with one commit; returns the commit. */
export function gitCommitAll(dir: string, message: string): string {
    const git = (...args: string[]) => execFileSync("git", ["-C", dir, "-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { encoding: "utf8" }).trim();
    if (!fs.existsSync(path.join(dir, ".git"))) git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-q", "-m", message);
    return git("rev-parse", "HEAD");
}

/** The architecture this machine runs, in Lambda's words, so built binaries can be started here. */
export function hostArchitecture(): "arm64" | "x86_64" {
    return process.arch === "arm64" ? "arm64" : "x86_64";
}
