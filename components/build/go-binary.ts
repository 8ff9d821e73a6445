import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { Architecture } from "../config/settings";
import { SourceTree } from "../source/source";
import { script } from "../util/shell";
import { BOOTSTRAP_WRAPPER, zipWriterSource } from "./lambda-bundle";

/** Go's name for a Lambda architecture. */
export function goArch(architecture: Architecture): "arm64" | "amd64" {
    return architecture === "arm64" ? "arm64" : "amd64";
}

/** The flags that make a build reproducible: no paths, no VCS stamp, no build id. */
export const GO_BUILD_FLAGS = ["-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid="];

export interface GoBinaryArgs {
    source: SourceTree;
    /** Main package, e.g. `./cmd/api`. */
    package: string;
    /** File name of the binary; Tesseral derives its env prefix from it. */
    binaryName: string;
    /** Lambda architecture to build for (linux); unset builds for the deploying machine itself. */
    architecture?: Architecture;
    /** Output folder, relative to the Pulumi project. */
    outDir: string;
    /** Content fingerprint of what the build consumes. */
    fingerprint: string;
    /** Also write the `bootstrap` wrapper and a reproducible `lambda.zip` of both. */
    lambdaZip?: boolean;
    /** Resources that must finish first (the source clone). */
    dependsOn?: pulumi.Resource[];
}

/** Prints the step's one stdout line: JSON digests of the binary (and the zip), for what consumes them. */
const DIGEST_JS = [
    `const c = require("crypto"), f = require("fs");`,
    `const h = (p, e) => c.createHash("sha256").update(f.readFileSync(p)).digest(e);`,
    `const [bin, zip] = process.argv.slice(1);`,
    `const o = { binarySha256: h(bin, "hex") };`,
    `if (zip) { o.zipSha256 = h(zip, "hex"); o.zipBase64Sha256 = h(zip, "base64"); }`,
    `console.log(JSON.stringify(o));`,
].join(" ");

/** What a Go build step reports. */
export interface BuildDigests {
    binarySha256: string;
    /** With `lambdaZip`: sha256 of lambda.zip, hex and base64 (Lambda's `sourceCodeHash`). */
    zipSha256?: string;
    zipBase64Sha256?: string;
}

/** Parses the build step's stdout. */
export function parseBuildDigests(stdout: string): BuildDigests {
    const line = stdout.trim().split("\n").pop() ?? "";
    const parsed = JSON.parse(line) as BuildDigests;
    if (!/^[0-9a-f]{64}$/.test(parsed.binarySha256)) throw new Error(`build step printed no binary digest: ${line}`);
    return parsed;
}

/** The shell script of a Go build step. Constant text: everything variable comes from the environment. */
export function goBuildScript(prepare: string, lambdaZip: boolean): string {
    return script(
        `out="$(pwd)/$TESSERAL_OUT"`,
        prepare,
        `mkdir -p "$out"`,
        `(cd "$TESSERAL_SOURCE" && go build ${GO_BUILD_FLAGS.map((f) => `'${f}'`).join(" ")} -o "$out/$TESSERAL_BINARY" "$TESSERAL_PACKAGE")`,
        lambdaZip ? `cat > "$out/bootstrap" <<'TESSERAL_EOF'\n${BOOTSTRAP_WRAPPER}TESSERAL_EOF` : "",
        lambdaZip ? `chmod 0755 "$out/bootstrap"` : "",
        lambdaZip ? `node - "$out/lambda.zip" "api=$out/$TESSERAL_BINARY" "bootstrap=$out/bootstrap"` : "",
        `node -e '${DIGEST_JS}' "$out/$TESSERAL_BINARY" ${lambdaZip ? `"$out/lambda.zip"` : ""}`,
    );
}

/**
 * A Go binary built for Lambda's Linux, CGO off and reproducible. Re-runs when, and only when,
 * what it consumes (its fingerprint) or the target architecture changes.
 */
export class GoBinary extends pulumi.ComponentResource {
    /** The binary, relative to the Pulumi project. */
    public readonly binaryPath: string;
    /** The API function's zip (api + bootstrap), when `lambdaZip` was asked for. */
    public readonly zipPath: string | undefined;
    /** Digests of what the step built, known once it ran. */
    public readonly digests: pulumi.Output<BuildDigests>;
    public readonly step: command.local.Command;

    constructor(name: string, args: GoBinaryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:GoBinary", name, {}, opts);
        this.binaryPath = path.posix.join(args.outDir, args.binaryName);
        this.zipPath = args.lambdaZip ? path.posix.join(args.outDir, "lambda.zip") : undefined;
        this.step = new command.local.Command(`${name}-build`, {
            create: goBuildScript(args.source.prepare, args.lambdaZip === true),
            stdin: args.lambdaZip ? zipWriterSource() : undefined,
            environment: {
                ...args.source.environment,
                TESSERAL_OUT: args.outDir,
                TESSERAL_BINARY: args.binaryName,
                TESSERAL_PACKAGE: args.package,
                ...(args.architecture ? { GOOS: "linux", GOARCH: goArch(args.architecture) } : {}),
                CGO_ENABLED: "0",
                GOFLAGS: "-mod=readonly",
            },
            triggers: [args.fingerprint, args.architecture ?? "host"],
        }, { parent: this, dependsOn: args.dependsOn });
        this.digests = this.step.stdout.apply(parseBuildDigests);
        this.registerOutputs({ binaryPath: this.binaryPath, zipPath: this.zipPath, digests: this.digests });
    }
}
