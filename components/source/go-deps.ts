import * as fs from "fs";
import * as path from "path";
import { hashFiles, listFiles } from "./tree-hash";

/** The module path declared in a go.mod. */
export function parseModulePath(goMod: string): string {
    const m = /^\s*module\s+("?)([^\s"]+)\1\s*$/m.exec(goMod);
    if (!m) throw new Error("go.mod has no module line");
    return m[2];
}

/** Import paths of one Go source file (single and grouped import declarations). */
export function parseGoImports(src: string): string[] {
    const code = src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
    const imports: string[] = [];
    const block = /\bimport\s*\(([\s\S]*?)\)/g;
    const single = /\bimport\s+(?:[A-Za-z_.][A-Za-z0-9_]*\s+)?"([^"]+)"/g;
    for (let m = block.exec(code); m; m = block.exec(code)) {
        for (const q of m[1].matchAll(/"([^"]+)"/g)) imports.push(q[1]);
    }
    for (let m = single.exec(code); m; m = single.exec(code)) imports.push(m[1]);
    return [...new Set(imports)].sort();
}

/** The patterns of `//go:embed` directives of one Go source file (the `all:` prefix dropped). */
export function parseGoEmbeds(src: string): string[] {
    const patterns: string[] = [];
    for (const m of src.matchAll(/^\/\/go:embed\s+(.+)$/gm)) {
        for (const p of m[1].match(/"[^"]*"|`[^`]*`|\S+/g) ?? []) {
            patterns.push(p.replace(/^["`]|["`]$/g, "").replace(/^all:/, ""));
        }
    }
    return patterns;
}

/**
 * Every file of the module that `go build <mainPackage>` reads: go.mod, go.sum, the non-test Go
 * files of each package of this module that the main package imports (transitively), and the
 * files their `//go:embed` directives name. Packages of other modules are pinned by go.sum.
 */
export function goBuildInputs(root: string, mainPackage: string): string[] {
    const modulePath = parseModulePath(fs.readFileSync(path.join(root, "go.mod"), "utf8"));
    const files = new Set<string>(listFiles(root, ["go.mod", "go.sum"]));
    const seen = new Set<string>();
    const queue = [path.posix.normalize(mainPackage.replace(/^\.\//, ""))];
    while (queue.length > 0) {
        const dir = queue.shift() as string;
        if (seen.has(dir)) continue;
        seen.add(dir);
        const goFiles = listFiles(root, [`${dir === "." ? "" : `${dir}/`}*.go`], ["**/*_test.go"]);
        if (goFiles.length === 0) throw new Error(`no Go files in package ${dir} of ${root}`);
        for (const f of goFiles) {
            files.add(f);
            const src = fs.readFileSync(path.join(root, f), "utf8");
            for (const imp of parseGoImports(src)) {
                if (imp === modulePath || imp.startsWith(`${modulePath}/`)) {
                    queue.push(imp === modulePath ? "." : imp.slice(modulePath.length + 1));
                }
            }
            for (const pattern of parseGoEmbeds(src)) {
                const rel = path.posix.join(dir, pattern);
                for (const e of listFiles(root, [rel, `${rel}/**`])) files.add(e);
            }
        }
    }
    return [...files].sort();
}

/** The fingerprint of what building `mainPackage` consumes. */
export function goBuildHash(root: string, mainPackage: string): string {
    return hashFiles(root, goBuildInputs(root, mainPackage));
}
