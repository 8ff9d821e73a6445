import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { adapterDockerfile, WEB_ADAPTER_IMAGE, webAdapterImage } from "../../components/api/adapter";
import { DEFAULT_WEB_ADAPTER_LAYER_VERSION } from "../../components/config/settings";
import { ecrLifecyclePolicy, imageTag } from "../../components/api/image";
import { buildApi, IMAGE_DIGEST } from "./api-component.test";

describe("TesseralApi (api.packaging: image, under mocks)", () => {
    it("builds Tesseral's own Dockerfile, adds the adapter, pushes to ECR and deploys an image function", async () => {
        const { rec, fn, outDir } = await buildApi({ api: { packaging: "image" } });
        const repo = rec.ofType("aws:ecr/repository:Repository");
        expect(repo).to.have.length(1);
        expect(repo[0].inputs).to.deep.include({ imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE" });
        const lifecycle = rec.ofType("aws:ecr/lifecyclePolicy:LifecyclePolicy");
        expect(lifecycle).to.have.length(1);
        expect(JSON.parse(lifecycle[0].inputs.policy as string)).to.deep.equal(ecrLifecyclePolicy());

        const images = rec.ofType("docker:index/image:Image");
        expect(images.map((i) => i.name).sort()).to.deep.equal(["tesseral-api-base-image", "tesseral-api-image"]);
        const tag = imageTag("a".repeat(64), "arm64");
        const base = rec.named("tesseral-api-base-image");
        expect(base.inputs.build).to.deep.include({ context: "src/tesseral", dockerfile: "src/tesseral/cmd/api/Dockerfile", platform: "linux/arm64" });
        expect(base.inputs).to.include({ skipPush: true, imageName: `tesseral-api-base:${tag}` });

        const image = rec.named("tesseral-api-image");
        const build = image.inputs.build as { context: string; dockerfile: string; platform: string; args: Record<string, string> };
        expect(build.platform).to.equal("linux/arm64");
        expect(build.args).to.deep.equal({ BASE_IMAGE: `tesseral-api-base:${tag}` });
        expect(build.context).to.equal(path.posix.join(outDir, "image"));
        expect(fs.readFileSync(build.dockerfile, "utf8")).to.equal(adapterDockerfile());
        expect(fs.readdirSync(build.context), "the adapter build context holds only its Dockerfile").to.deep.equal(["Dockerfile"]);
        expect(image.inputs.imageName).to.equal(`123456789012.dkr.ecr.us-west-2.amazonaws.com/tesseral-api-repo:${tag}`);
        expect((image.inputs.registry as { server: string }).server).to.equal("123456789012.dkr.ecr.us-west-2.amazonaws.com/tesseral-api-repo");

        expect(fn.inputs).to.include({ packageType: "Image", imageUri: IMAGE_DIGEST });
        for (const k of ["runtime", "handler", "layers", "s3Key", "s3Bucket"]) expect(fn.inputs, k).to.not.have.property(k);
        expect(fn.dependencies).to.include(image.urn);
        expect(rec.ofType("tesseral-aws:index:S3File"), "no zip upload for an image").to.have.length(0);
        // The same environment (adapter port, readiness path) as the zip.
        const vars = (fn.inputs.environment as { variables: Record<string, string> }).variables;
        expect(vars).to.include({ AWS_LWA_PORT: "8080", AWS_LWA_READINESS_CHECK_PATH: "/api/internal/health", API_SERVE_ADDR: ":8080" });
    });

    it("builds for x86_64 when asked, with a different tag", async () => {
        const { rec } = await buildApi({ api: { packaging: "image", architecture: "x86_64" } });
        expect((rec.named("tesseral-api-image").inputs.build as { platform: string }).platform).to.equal("linux/amd64");
        expect(imageTag("a".repeat(64), "x86_64")).to.not.equal(imageTag("a".repeat(64), "arm64"));
        expect(imageTag("a".repeat(64), "arm64")).to.equal(imageTag("a".repeat(64), "arm64"));
        expect(imageTag("d".repeat(64), "arm64")).to.not.equal(imageTag("a".repeat(64), "arm64"));
    });

    it("adds the adapter extension on top of the built image", async () => {
        const text = adapterDockerfile();
        expect(text.split("\n").filter((l) => l && !l.startsWith("#"))).to.deep.equal([
            "ARG BASE_IMAGE",
            "FROM ${BASE_IMAGE}",
            `COPY --from=${WEB_ADAPTER_IMAGE} /lambda-adapter /opt/extensions/lambda-adapter`,
        ]);
        expect(WEB_ADAPTER_IMAGE).to.match(/^public\.ecr\.aws\/awsguru\/aws-lambda-adapter:\d+\.\d+\.\d+(-rc\d+)?$/);
    });

    it("copies the adapter release the layer version carries: 26 is 1.0.0-rc1 (the default), 25 is 0.9.1", async () => {
        expect(DEFAULT_WEB_ADAPTER_LAYER_VERSION).to.equal(26);
        expect(WEB_ADAPTER_IMAGE).to.equal("public.ecr.aws/awsguru/aws-lambda-adapter:1.0.0-rc1");
        expect(webAdapterImage(25)).to.equal("public.ecr.aws/awsguru/aws-lambda-adapter:0.9.1");
        expect(webAdapterImage(27)).to.equal(undefined);
        const dockerfileOf = async (version: number): Promise<string> => {
            const { rec } = await buildApi({ api: { packaging: "image", webAdapterLayerVersion: version } });
            return fs.readFileSync((rec.named("tesseral-api-image").inputs.build as { dockerfile: string }).dockerfile, "utf8");
        };
        expect(await dockerfileOf(26)).to.include("COPY --from=public.ecr.aws/awsguru/aws-lambda-adapter:1.0.0-rc1 /lambda-adapter");
        expect(await dockerfileOf(25)).to.include("COPY --from=public.ecr.aws/awsguru/aws-lambda-adapter:0.9.1 /lambda-adapter");
    });
});

describe("image tag", () => {
    it("changes with Tesseral's Dockerfile, not only with the binary (immutable tags never collide)", () => {
        const a = imageTag("a".repeat(64), "arm64", WEB_ADAPTER_IMAGE, "FROM scratch\n");
        expect(imageTag("a".repeat(64), "arm64", WEB_ADAPTER_IMAGE, "FROM scratch\n")).to.equal(a);
        expect(imageTag("a".repeat(64), "arm64", WEB_ADAPTER_IMAGE, "FROM alpine\n")).to.not.equal(a);
        expect(imageTag("b".repeat(64), "arm64", WEB_ADAPTER_IMAGE, "FROM scratch\n")).to.not.equal(a);
        expect(imageTag("a".repeat(64), "x86_64", WEB_ADAPTER_IMAGE, "FROM scratch\n")).to.not.equal(a);
    });
});
