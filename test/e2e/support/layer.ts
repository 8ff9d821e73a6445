/**
 * The real-Tesseral layer's shared set-up: the real tree (or a one-line reason to skip), a work
 * folder, an output folder for screenshots and logs, and the ports it uses.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { locateRealSource, RealSource, REPO_ROOT } from "../../../scripts/local/real-source";

/** Screenshots and logs of the last run, kept for a failing run to be looked at. */
export const E2E_OUTPUT = path.join(REPO_ROOT, ".test-output", "e2e");

export const E2E_PORTS = { postgres: 54961, moto: 45961, kms: 45971, edge: 443 };

/** The real tree, unpacked once into the machine's cache (not the checkout: it may sit anywhere). */
export function realSource(): RealSource {
    return locateRealSource({ cacheDir: path.join(os.tmpdir(), "tesseral-e2e-cache"), env: process.env.TESSERAL_E2E_SOURCE });
}

export function freshDir(name: string): string {
    const dir = path.join(os.tmpdir(), `tesseral-e2e-${name}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    return dir;
}
