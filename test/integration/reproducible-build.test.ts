import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createHash } from "crypto";
import { expect } from "chai";
import { parseBuildDigests } from "../../components/build/go-binary";
import { copyFixture } from "../support/fixture";
import { runApiBuildStep } from "../support/go-build";

const sha = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("reproducible Go builds @integration", function () {
    this.timeout(10 * 60 * 1000);

    it("builds byte-identical binaries and zips from the same source in two different places", async () => {
        for (const goarch of ["arm64", "amd64"]) {
            const results = [0, 1].map(() => {
                const src = copyFixture();
                const project = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-proj-"));
                const printed = runApiBuildStep(src, project, goarch);
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
