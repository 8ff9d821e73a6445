import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { REPO_ROOT } from "./evaluate";

/** The `config:` map of a committed `Pulumi.<stack>.yaml`, as the CLI would hand it to the program. */
export function stackFileConfig(stack: string): Record<string, unknown> {
    const doc = parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config?: Record<string, unknown> };
    return doc.config ?? {};
}
