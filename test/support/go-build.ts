import { spawnSync } from "child_process";
import { goBuildScript } from "../../components/build/go-binary";
import { zipWriterSource } from "../../components/build/lambda-bundle";

/**
 * Runs the API build step's own script, as the command resource would: builds `src`'s cmd/api for
 * linux/`goarch` into `<project>/out` with the bootstrap wrapper and lambda.zip. Returns its stdout
 * (the digests line).
 */
export function runApiBuildStep(src: string, project: string, goarch: string): string {
    const res = spawnSync("/bin/sh", ["-c", goBuildScript("", true)], {
        cwd: project,
        input: zipWriterSource(),
        encoding: "utf8",
        env: { ...process.env, TESSERAL_SOURCE: src, TESSERAL_OUT: "out", TESSERAL_BINARY: "api", TESSERAL_PACKAGE: "./cmd/api", GOOS: "linux", GOARCH: goarch, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly" },
    });
    if (res.status !== 0) throw new Error(res.stderr);
    return res.stdout;
}
