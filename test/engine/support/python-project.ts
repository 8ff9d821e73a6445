// A Python Pulumi project in a temporary folder, as a Python team starts one before
// `pulumi package add`: its own virtualenv (made by the Python language host, pip from PyPI).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ENGINE_PREFIX } from "./real-engine";

/** Why a Python project cannot be used here, or undefined when it can. */
export function pythonHostMissing(): string | undefined {
    const host = path.join(ENGINE_PREFIX, "bin", "pulumi-language-python");
    if (!fs.existsSync(host)) return `${host} missing (build it with test/engine/support/build-python-host.sh)`;
    return undefined;
}

export function makePythonProject(name: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-python-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), [
        `name: ${name}`,
        "runtime:",
        "  name: python",
        "  options:",
        "    toolchain: pip",
        "    virtualenv: venv",
        "",
    ].join("\n"));
    fs.writeFileSync(path.join(dir, "__main__.py"), "import pulumi\n");
    fs.writeFileSync(path.join(dir, "requirements.txt"), "");
    return dir;
}
