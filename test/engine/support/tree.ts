/**
 * The Tesseral tree the engine layer deploys: the real one at the pinned commit (as the
 * real-Tesseral layer finds it: TESSERAL_E2E_SOURCE, ../shared/tesseral/*.tar.gz), copied so the
 * steps may edit it; the small fixture only when no real tree is at hand or
 * TESSERAL_ENGINE_TREE=fixture asks for the fast run.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { copyTree, locateRealSource } from "../../../scripts/local/real-source";
import { copyFixtureTree } from "./fixture-tree";

export interface EngineTree { dir: string; origin: string; real: boolean }

export function engineTree(): EngineTree {
    const fixture = (why: string): EngineTree => ({ dir: copyFixtureTree(), origin: `the fixture tree (${why})`, real: false });
    if (process.env.TESSERAL_ENGINE_TREE === "fixture") return fixture("TESSERAL_ENGINE_TREE=fixture");
    const real = locateRealSource({ cacheDir: path.join(os.tmpdir(), "tesseral-e2e-cache"), env: process.env.TESSERAL_E2E_SOURCE, clone: false });
    if ("skip" in real) return fixture(real.skip);
    const dir = copyTree(real.dir, fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-engine-tree-")));
    return { dir, origin: real.origin, real: true };
}

/** A source file of the console that a one-line edit changes (the real tree's, or the fixture's). */
export function consoleSourceFile(tree: string): string {
    const found = ["console/src/App.tsx", "console/src/app.js"].map((f) => path.join(tree, f)).find((f) => fs.existsSync(f));
    if (!found) throw new Error(`no console source file in ${tree}`);
    return found;
}
