import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createHash } from "crypto";
import { spawnSync } from "child_process";
import { expect } from "chai";
import { goBuildScript, parseBuildDigests } from "../../components/build/go-binary";
import { zipWriterSource } from "../../components/build/lambda-bundle";
import { copyFixture } from "../support/fixture";

const sha = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Runs the API build step's own script, as the command resource would. */
function build(src: string, project: string, goarch: string): string {
    const res = spawnSync("/bin/sh", ["-c", goBuildScript("", true)], {
        cwd: project,
        input: zipWriterSource(),
        encoding: "utf8",
        env: { ...process.env, TESSERAL_SOURCE: src, TESSERAL_OUT: "out", TESSERAL_BINARY: "api", TESSERAL_PACKAGE: "./cmd/api", GOOS: "linux", GOARCH: goarch, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly" },
    });
    if (res.status !== 0) throw new Error(res.stderr);
    return res.stdout;
}

describe("reproducible Go builds @integration", function () {
    this.timeout(10 * 60 * 1000);

    it("builds byte-identical binaries and zips from the same source in two different places", async () => {
        for (const goarch of ["arm64", "amd64"]) {
            const results = [0, 1].map(() => {
                const src = copyFixture();
                const project = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-proj-"));
                const printed = build(src, project, goarch);
                return { printed, api: sha(path.join(project, "out", "api")), zip: sha(path.join(project, "out", "lambda.zip")) };
            });
            expect(results[0].api, goarch).to.equal(results[1].api);
            expect(results[0].zip, goarch).to.equal(results[1].zip);
            const digests = parseBuildDigests(results[0].printed);
            expect(digests.binarySha256, "the step prints the binary's sha256").to.equal(results[0].api);
            expect(digests.zipSha256).to.equal(results[0].zip);
            expect(Buffer.from(digests.zipBase64Sha256 as string, "base64").toString("hex")).to.equal(results[0].zip);
        }
    });
});
