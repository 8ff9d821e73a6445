// examples/consumer as another team's checkout: copied to a temporary folder, with node_modules as
// `npm install` of its `"tesseral-aws": "file:../.."` dependency leaves it (npm links a file:
// folder dependency: node_modules/tesseral-aws -> the repository, whose main is dist/) and the
// package's own dependencies hoisted beside it (links to this repository's installed packages,
// so one @pulumi/pulumi is shared, as npm's hoisting gives a real consumer).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "./real-engine";

export const CONSUMER_SOURCE = path.join(REPO_ROOT, "examples", "consumer");

/** The consumer's file: dependency on this package, from its package.json. */
export function consumerDependency(): string {
    const pkg = JSON.parse(fs.readFileSync(path.join(CONSUMER_SOURCE, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    return pkg.dependencies["tesseral-aws"];
}

export function makeConsumerProject(): string {
    const spec = consumerDependency();
    if (!spec.startsWith("file:")) throw new Error(`examples/consumer depends on tesseral-aws as ${spec}, not a file: path this test can link`);
    const linked = path.resolve(CONSUMER_SOURCE, spec.slice("file:".length));
    // The package as it is consumed: compiled to dist/ (its package.json main).
    execFileSync("npm", ["run", "build"], { cwd: linked, stdio: "pipe" });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-consumer-"));
    fs.cpSync(CONSUMER_SOURCE, dir, { recursive: true, filter: (src) => !/[\\/](node_modules|bin|\.tesseral)$/.test(src) });
    const nm = path.join(dir, "node_modules");
    fs.mkdirSync(nm);
    fs.symlinkSync(linked, path.join(nm, "tesseral-aws"), "dir");
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, "node_modules"))) {
        if (entry.startsWith(".") || entry === "tesseral-aws") continue;
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules", entry), path.join(nm, entry));
    }
    return dir;
}
