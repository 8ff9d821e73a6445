/**
 * Where the real Tesseral tree comes from, for the real-Tesseral layer and `npm run local`, in
 * this order: `TESSERAL_E2E_SOURCE` (a checkout folder, or a `.tar.gz` of one), the copy beside
 * this repository (`../shared/tesseral/*.tar.gz`), or a clone of the pinned commit (a machine
 * with internet). Each tarball is unpacked once per content into the cache folder.
 */
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import { DEFAULT_SOURCE_REF } from "../../components/config/settings";

export const TESSERAL_GIT = "https://github.com/tesseral-labs/tesseral";
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export type RealSource = { dir: string; origin: string } | { skip: string };

/** A checkout folder is one with go.mod, cmd/api and both SPAs. */
export function isTesseralTree(dir: string): boolean {
    return ["go.mod", "cmd/api", "cmd/openauthctl", "console/package.json", "vault-ui/package.json"]
        .every((p) => fs.existsSync(path.join(dir, p)));
}

/** Unpacks a tarball (once per content) and returns the tree inside it. */
export function unpackTarball(tarball: string, cacheDir: string): string {
    const sum = createHash("sha256").update(fs.readFileSync(tarball)).digest("hex").slice(0, 16);
    const into = path.join(cacheDir, `tarball-${sum}`);
    if (!fs.existsSync(path.join(into, ".complete"))) {
        fs.rmSync(into, { recursive: true, force: true });
        fs.mkdirSync(into, { recursive: true });
        const r = spawnSync("tar", ["xzf", tarball, "-C", into], { encoding: "utf8" });
        if (r.status !== 0) throw new Error(`could not unpack ${tarball}: ${r.stderr.trim()}`);
        fs.writeFileSync(path.join(into, ".complete"), "");
    }
    const tree = [into, ...fs.readdirSync(into).map((d) => path.join(into, d))].find(isTesseralTree);
    if (!tree) throw new Error(`${tarball} holds no Tesseral tree (go.mod, cmd/api, console, vault-ui)`);
    return tree;
}

function clonePinned(cacheDir: string): string | undefined {
    const into = path.join(cacheDir, `git-${DEFAULT_SOURCE_REF.slice(0, 12)}`);
    if (isTesseralTree(into)) return into;
    fs.rmSync(into, { recursive: true, force: true });
    fs.mkdirSync(into, { recursive: true });
    const git = (...args: string[]) => spawnSync("git", ["-C", into, ...args], { encoding: "utf8", timeout: 5 * 60_000 }).status === 0;
    const ok = git("init", "-q") && git("fetch", "-q", "--depth", "1", TESSERAL_GIT, DEFAULT_SOURCE_REF)
        && git("-c", "advice.detachedHead=false", "checkout", "-q", "FETCH_HEAD");
    if (!ok) fs.rmSync(into, { recursive: true, force: true });
    return ok ? into : undefined;
}

/** Finds the real tree, or says in one line why there is none. */
export function locateRealSource(opts: { cacheDir: string; env?: string | undefined; clone?: boolean }): RealSource {
    fs.mkdirSync(opts.cacheDir, { recursive: true });
    if (opts.env) {
        const p = path.resolve(opts.env);
        if (!fs.existsSync(p)) return { skip: `TESSERAL_E2E_SOURCE=${opts.env} does not exist` };
        if (fs.statSync(p).isDirectory()) {
            return isTesseralTree(p) ? { dir: p, origin: `TESSERAL_E2E_SOURCE (${p})` } : { skip: `TESSERAL_E2E_SOURCE=${p} is not a Tesseral checkout` };
        }
        return { dir: unpackTarball(p, opts.cacheDir), origin: `TESSERAL_E2E_SOURCE (${p})` };
    }
    const shared = path.join(REPO_ROOT, "..", "shared", "tesseral");
    const tarballs = fs.existsSync(shared) ? fs.readdirSync(shared).filter((f) => f.endsWith(".tar.gz")).sort() : [];
    if (tarballs.length > 0) {
        const tarball = path.join(shared, tarballs[tarballs.length - 1]);
        return { dir: unpackTarball(tarball, opts.cacheDir), origin: tarball };
    }
    if (opts.clone !== false) {
        const cloned = clonePinned(opts.cacheDir);
        if (cloned) return { dir: cloned, origin: `${TESSERAL_GIT} at ${DEFAULT_SOURCE_REF}` };
    }
    return { skip: `no real Tesseral source: set TESSERAL_E2E_SOURCE, or place ../shared/tesseral/*.tar.gz, or allow a clone of ${TESSERAL_GIT}` };
}

/** A private copy of a tree (tests change files in it); node_modules and build output are left out. */
export function copyTree(from: string, to: string): string {
    fs.rmSync(to, { recursive: true, force: true });
    fs.cpSync(from, to, {
        recursive: true,
        filter: (src) => !/\/(node_modules|\.git|\.tesseral)(\/|$)/.test(src),
    });
    return to;
}
