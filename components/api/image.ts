import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import { Architecture } from "../config/settings";
import { GoBinary } from "../build/go-binary";
import { sha256 } from "../util/hash";
import { adapterDockerfile, WEB_ADAPTER_IMAGE } from "./adapter";
import { ApiCode } from "./function";

/** Docker's platform for a Lambda architecture. */
export function dockerPlatform(architecture: Architecture): "linux/arm64" | "linux/amd64" {
    return architecture === "arm64" ? "linux/arm64" : "linux/amd64";
}

/**
 * The image tag: derived from what the image holds (the API binary's digest, Tesseral's
 * Dockerfile, the adapter image and the architecture), so the same source gives the same tag and
 * immutable tags never collide (a Dockerfile-only change is a new tag too).
 */
export function imageTag(binarySha256: string, architecture: Architecture, adapterImage: string = WEB_ADAPTER_IMAGE, dockerfile = ""): string {
    return `api-${sha256(`${binarySha256}\n${adapterImage}\n${architecture}\n${sha256(dockerfile)}`).slice(0, 32)}`;
}

/** Tesseral's cmd/api/Dockerfile as it is now, or "" where the tree is not on this machine yet (a git source before its clone; the ref is in the binary's digest then). */
export function apiDockerfileText(sourceDir: string): string {
    const file = path.join(sourceDir, "cmd", "api", "Dockerfile");
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

/** Keeps the newest images only; Lambda pins the digest it deploys, older ones are history. */
export function ecrLifecyclePolicy(keep = 10): object {
    return {
        rules: [{
            rulePriority: 1,
            description: `keep the newest ${keep} images`,
            selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
            action: { type: "expire" },
        }],
    };
}

/** Writes the adapter Dockerfile into its own folder of the build output (only when its text changed). */
export function writeAdapterDockerfile(dir: string, adapterImage: string = WEB_ADAPTER_IMAGE): string {
    const file = path.posix.join(dir, "Dockerfile");
    const text = adapterDockerfile(adapterImage);
    if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(file, text);
    }
    return file;
}

export interface ApiImageArgs {
    /** Tesseral's source tree (the build context of its own `cmd/api/Dockerfile`). */
    sourceDir: string;
    apiBinary: GoBinary;
    architecture: Architecture;
    /** The adapter image matching `api.webAdapterLayerVersion` (config refuses a version without one). */
    adapterImage: string;
    protect: boolean;
}

/**
 * `api.packaging: image`: Tesseral's own `cmd/api/Dockerfile`, then a generated Dockerfile that adds
 * the Web Adapter extension on top, pushed to a private ECR repository (scan on push, immutable tags).
 */
export function imageCode(name: string, parent: pulumi.Resource, args: ApiImageArgs): ApiCode {
    const repo = new aws.ecr.Repository(`${name}-repo`, {
        imageScanningConfiguration: { scanOnPush: true },
        imageTagMutability: "IMMUTABLE",
        forceDelete: !args.protect,
    }, { parent });
    new aws.ecr.LifecyclePolicy(`${name}-repo-lifecycle`, {
        repository: repo.name,
        policy: JSON.stringify(ecrLifecyclePolicy()),
    }, { parent });
    const platform = dockerPlatform(args.architecture);
    const tag = args.apiBinary.digests.apply((d) => imageTag(d.binarySha256, args.architecture, args.adapterImage, apiDockerfileText(args.sourceDir)));
    const base = new docker.Image(`${name}-base-image`, {
        imageName: pulumi.interpolate`tesseral-api-base:${tag}`,
        build: {
            context: args.sourceDir,
            dockerfile: path.posix.join(args.sourceDir, "cmd", "api", "Dockerfile"),
            platform,
        },
        skipPush: true,
    }, { parent, dependsOn: [args.apiBinary] });
    const adapterDir = path.posix.join(path.posix.dirname(args.apiBinary.binaryPath), "image");
    const dockerfile = writeAdapterDockerfile(adapterDir, args.adapterImage);
    const token = aws.ecr.getAuthorizationTokenOutput({ registryId: repo.registryId }, { parent });
    const image = new docker.Image(`${name}-image`, {
        imageName: pulumi.interpolate`${repo.repositoryUrl}:${tag}`,
        build: { context: adapterDir, dockerfile, platform, args: { BASE_IMAGE: base.imageName } },
        registry: { server: repo.repositoryUrl, username: token.userName, password: pulumi.secret(token.password) },
    }, { parent });
    return { kind: "image", imageUri: image.repoDigest, ready: [image] };
}
