// A private copy of the Tesseral-shaped fixture tree for one engine test (its builds write into the
// tree's folders, and a test may edit its sources), without installed packages or built output.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "./real-engine";

export const FIXTURE_TREE = path.join(REPO_ROOT, "test", "fixtures", "tesseral");

export function copyFixtureTree(): string {
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-engine-tree-"));
    fs.cpSync(FIXTURE_TREE, tree, {
        recursive: true, filter: (src) => !/\/(node_modules|public)(\/|$)/.test(src.slice(FIXTURE_TREE.length)),
    });
    return tree;
}
