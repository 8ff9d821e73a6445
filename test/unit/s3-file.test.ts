import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createHash } from "crypto";
import { expect } from "chai";
import * as sdk from "@aws-sdk/client-s3";
import { ArtifactBucket } from "../../components/publish/artifact-bucket";
import { S3File } from "../../components/publish/s3-file";
import { modulePathFromProject } from "../../components/util/naming";
import { evaluateComponent } from "../support/component";
import { failureMessage } from "../support/errors";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { upload } = require("../../components/publish/upload-file.js") as {
    upload(env: Record<string, string>, s3: { send(c: unknown): Promise<unknown> }, sdk: unknown): Promise<{ key: string; sha256: string }>;
};

describe("S3File", () => {
    it("puts the file with its content type and a SHA-256 checksum", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "up-"));
        fs.writeFileSync(path.join(dir, "lambda.zip"), "zip bytes");
        const sent: sdk.PutObjectCommandInput[] = [];
        const result = await upload(
            { TESSERAL_FILE: path.join(dir, "lambda.zip"), TESSERAL_BUCKET: "b", TESSERAL_KEY: "api/abc.zip", TESSERAL_CONTENT_TYPE: "application/zip" },
            { send: async (c) => { sent.push((c as sdk.PutObjectCommand).input); return {}; } },
            sdk,
        );
        expect(sent).to.have.length(1);
        expect(sent[0]).to.include({ Bucket: "b", Key: "api/abc.zip", ContentType: "application/zip" });
        expect(sent[0].ChecksumSHA256).to.equal(createHash("sha256").update("zip bytes").digest("base64"));
        expect(result.key).to.equal("api/abc.zip");
    });

    it("fails with a clear message when the file was never built on this machine", async () => {
        const message = await failureMessage(() => upload({ TESSERAL_FILE: "/nonexistent/lambda.zip", TESSERAL_BUCKET: "b", TESSERAL_KEY: "k" }, { send: async () => ({}) }, sdk));
        expect(message).to.match(/does not exist on this machine.*--target-replace/);
    });

    it("is a step triggered by bucket and content-addressed key only, with project-relative paths", async () => {
        const rec = await evaluateComponent(() => {
            const bucket = new ArtifactBucket("artifacts");
            new S3File("code", { file: ".tesseral/dev/api/lambda.zip", bucket: bucket.bucketName, key: "api/abc.zip", region: "us-west-2", dependsOn: bucket.ready });
        });
        const step = rec.named("code-upload");
        expect(step.inputs.triggers).to.have.length(2);
        expect((step.inputs.triggers as string[])[1]).to.equal("api/abc.zip");
        const env = step.inputs.environment as Record<string, string>;
        expect(path.isAbsolute(env.TESSERAL_FILE)).to.equal(false);
        expect(path.isAbsolute(env.TESSERAL_S3_CLIENT)).to.equal(false);
        expect(env.TESSERAL_S3_CLIENT).to.equal(modulePathFromProject("@aws-sdk/client-s3"));
        const policy = JSON.parse(rec.named("artifacts-policy").inputs.policy as string);
        expect(policy.Statement[0]).to.deep.include({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
        expect(rec.named("artifacts-public-access").inputs).to.include({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    });
});
