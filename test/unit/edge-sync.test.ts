import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { expect } from "chai";
import * as mime from "mime-types";
import * as s3sdk from "@aws-sdk/client-s3";
import * as cfsdk from "@aws-sdk/client-cloudfront";
import { copyFixture } from "../support/fixture";
import { plain } from "../support/values";
import { evaluateEdge } from "../support/cloudfront-sim";
import {
    IMMUTABLE, REVALIDATE, SiteManifest, buildManifest, cacheControlFor, contentTypeWith, isContentHashed,
    planSync, syncSite, syncSiteSource,
} from "../../components/edge/sync";
import { modulePathFromProject } from "../../components/util/naming";

const contentType = contentTypeWith(mime);
const manifest = (bucket: string, files: Record<string, string>): SiteManifest =>
    ({ version: 1, bucket, files: Object.fromEntries(Object.entries(files).map(([k, sha256]) => [k, { sha256, size: 1 }])) });

/** In-memory S3 and CloudFront that record every command. */
class FakeAws {
    objects = new Map<string, { body: Buffer; contentType?: string; cacheControl?: string }>();
    calls: string[] = [];
    invalidations: string[][] = [];
    s3 = { send: async (c: unknown) => {
        if (c instanceof s3sdk.PutObjectCommand) {
            const i = c.input;
            this.calls.push(`put ${i.Key}`);
            this.objects.set(i.Key!, { body: i.Body as Buffer, contentType: i.ContentType, cacheControl: i.CacheControl });
            return {};
        }
        if (c instanceof s3sdk.DeleteObjectsCommand) {
            for (const o of c.input.Delete!.Objects!) { this.calls.push(`delete ${o.Key}`); this.objects.delete(o.Key!); }
            return { Errors: [] };
        }
        throw new Error(`unexpected S3 command ${(c as object).constructor.name}`);
    } };
    cloudfront = { send: async (c: unknown) => {
        if (!(c instanceof cfsdk.CreateInvalidationCommand)) throw new Error("unexpected CloudFront command");
        const batch = c.input.InvalidationBatch!;
        expect(batch.Paths!.Quantity).to.equal(batch.Paths!.Items!.length);
        this.invalidations.push(batch.Paths!.Items!);
        return {};
    } };
    sync(dir: string, previous?: string) {
        this.calls = [];
        return syncSite({ dir, bucket: "vault-bucket", distributionId: "E123", previous }, { s3: this.s3, cloudfront: this.cloudfront }, { s3: s3sdk, cloudfront: cfsdk }, mime);
    }
}

describe("sync plan (pure)", () => {
    it("leaves source maps out of what is published", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sync-maps-"));
        fs.writeFileSync(path.join(dir, "index.js"), "x");
        fs.writeFileSync(path.join(dir, "index.js.map"), "{}");
        fs.mkdirSync(path.join(dir, "assets"));
        fs.writeFileSync(path.join(dir, "assets", "a-1a2b3c4d.css.map"), "{}");
        expect(Object.keys(buildManifest(dir, "b").files)).to.deep.equal(["index.js"]);
    });

    it("recognises content hashes in names, conservatively", async () => {
        for (const k of ["assets/logo-a208a897.svg", "main.3f2a1b9c.js", "assets/index-BXk2a9Zc.js", "chunk-5GLJ2QZ6.js"]) expect(isContentHashed(k), k).to.equal(true);
        for (const k of ["index.html", "index.js", "index.css", "favicon.svg", "user-settings.js", "release1-notes.js", "assets/deadbeef.svg", "my-component.js"]) expect(isContentHashed(k), k).to.equal(false);
        expect(cacheControlFor("index.js")).to.equal("no-cache");
        expect(cacheControlFor("assets/logo-a208a897.svg")).to.equal("public, max-age=31536000, immutable");
    });

    it("uploads new and changed files (assets first, html last), deletes vanished ones, invalidates changed and removed", async () => {
        const before = manifest("b", { "index.html": "1", "index.js": "2", "assets/logo-a208a897.svg": "3", "old.txt": "4" });
        const after = manifest("b", { "index.html": "1b", "index.js": "2", "assets/logo-b308a897.svg": "5", "favicon.svg": "6" });
        const plan = planSync(before, after, contentType);
        expect(plan.uploads).to.deep.equal([
            { key: "assets/logo-b308a897.svg", contentType: "image/svg+xml", cacheControl: IMMUTABLE },
            { key: "favicon.svg", contentType: "image/svg+xml", cacheControl: REVALIDATE },
            { key: "index.html", contentType: "text/html; charset=utf-8", cacheControl: REVALIDATE },
        ]);
        expect(plan.deletes).to.deep.equal(["assets/logo-a208a897.svg", "old.txt"]);
        expect(plan.invalidationPaths).to.deep.equal(["/", "/assets/logo-a208a897.svg", "/index.html", "/old.txt"]);
    });

    it("does nothing when nothing changed, everything on a first run or a new bucket, and /* when cheaper", async () => {
        const m = manifest("b", { "index.html": "1" });
        expect(planSync(m, m, contentType)).to.deep.equal({ uploads: [], deletes: [], invalidationPaths: [] });
        expect(planSync(undefined, m, contentType)).to.deep.include({ deletes: [], invalidationPaths: [] });
        expect(planSync(undefined, m, contentType).uploads.map((u) => u.key)).to.deep.equal(["index.html"]);
        expect(planSync(manifest("other", { "x.js": "1" }), m, contentType)).to.deep.include({ deletes: [], invalidationPaths: [] });
        const many = (v: string) => manifest("b", Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`f${i}.js`, v])));
        expect(planSync(many("1"), many("2"), contentType).invalidationPaths).to.deep.equal(["/*"]);
        expect(planSync(manifest("b", Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`f${i}.js`, "1"]))),
            manifest("b", Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`f${i}.js`, "2"]))), contentType).invalidationPaths).to.have.length(15);
    });
});

describe("sync of a really built vault-ui", function () {
    this.timeout(120000);
    let src: string;
    let pub: string;
    const build = () => execFileSync("sh", ["-c", "npm ci --no-audit --no-fund >/dev/null 2>&1 && npm run build >/dev/null"], { cwd: path.join(src, "vault-ui") });
    before(async () => {
        src = copyFixture();
        pub = path.join(src, "vault-ui", "public");
        build();
    });
    after(async () => { fs.rmSync(src, { recursive: true, force: true }); });

    it("uploads every file with its content type and cache header, and invalidates nothing on the first run", async () => {
        const aws = new FakeAws();
        const { manifest: m } = await aws.sync(pub);
        const logo = Object.keys(m.files).find((k) => k.startsWith("assets/logo-"))!;
        expect(logo).to.match(/^assets\/logo-[0-9a-f]{8}\.svg$/);
        const got = Object.fromEntries([...aws.objects].map(([k, o]) => [k, [o.contentType, o.cacheControl]]));
        expect(got).to.deep.equal({
            "index.html": ["text/html; charset=utf-8", "no-cache"],
            "index.js": ["text/javascript; charset=utf-8", "no-cache"],
            "index.css": ["text/css; charset=utf-8", "no-cache"],
            "favicon.svg": ["image/svg+xml", "no-cache"],
            [logo]: ["image/svg+xml", "public, max-age=31536000, immutable"],
        });
        expect(aws.calls[0]).to.equal(`put ${logo}`);
        expect(aws.calls[aws.calls.length - 1]).to.equal("put index.html");
        expect(aws.objects.get("index.js")!.body.equals(fs.readFileSync(path.join(pub, "index.js")))).to.equal(true);
        expect(aws.invalidations).to.deep.equal([]);
    });

    it("uploads only what changed, removes what vanished, invalidates only on change", async () => {
        const aws = new FakeAws();
        const first = await aws.sync(pub);
        const previous = JSON.stringify(first.manifest);
        const oldLogo = Object.keys(first.manifest.files).find((k) => k.startsWith("assets/logo-"))!;

        // Same build again: nothing moves.
        const same = await aws.sync(pub, previous);
        expect(aws.calls).to.deep.equal([]);
        expect(aws.invalidations).to.deep.equal([]);
        expect(same.manifest).to.deep.equal(first.manifest);

        // An app change: only index.js.
        fs.appendFileSync(path.join(src, "vault-ui", "src", "app.js"), "\n// edited\n");
        build();
        const second = await aws.sync(pub, previous);
        expect(aws.calls).to.deep.equal(["put index.js"]);
        expect(aws.invalidations).to.deep.equal([["/index.js"]]);

        // A new logo: new hashed name, index.html points at it, the old logo goes.
        fs.appendFileSync(path.join(src, "vault-ui", "src", "logo.svg"), "<!-- v2 -->\n");
        build();
        await aws.sync(pub, JSON.stringify(second.manifest));
        const newLogo = fs.readdirSync(path.join(pub, "assets")).map((f) => `assets/${f}`)[0];
        expect(newLogo).to.not.equal(oldLogo);
        expect(aws.calls).to.deep.equal([`put ${newLogo}`, "put index.html", `delete ${oldLogo}`]);
        expect(aws.invalidations[1]).to.deep.equal(["/", `/${oldLogo}`, "/index.html"]);
        expect([...aws.objects.keys()].sort()).to.deep.equal(["favicon.svg", "index.css", "index.html", "index.js", newLogo].sort());
    });

    it("runs as the step does (`node -`, modules by path, previous manifest in PULUMI_COMMAND_STDOUT), printing one manifest line", async () => {
        const fake = fs.mkdtempSync(path.join(os.tmpdir(), "fake-aws-"));
        const log = path.join(fake, "calls.log");
        const cmd = (n: string) => `class ${n} { constructor(input) { this.input = input; } }`;
        const client = (n: string) => `class ${n} { async send(c) { require("fs").appendFileSync(${JSON.stringify(log)}, c.constructor.name + " " + JSON.stringify(c.input.Key || c.input.Delete || c.input.InvalidationBatch.Paths.Items) + "\\n"); return {}; } }`;
        fs.mkdirSync(path.join(fake, "s3"));
        fs.mkdirSync(path.join(fake, "cf"));
        fs.writeFileSync(path.join(fake, "s3", "index.js"), `${client("S3Client")}\n${cmd("PutObjectCommand")}\n${cmd("DeleteObjectsCommand")}\nmodule.exports = { S3Client, PutObjectCommand, DeleteObjectsCommand };\n`);
        fs.writeFileSync(path.join(fake, "cf", "index.js"), `${client("CloudFrontClient")}\n${cmd("CreateInvalidationCommand")}\nmodule.exports = { CloudFrontClient, CreateInvalidationCommand };\n`);
        const run = (previous?: string) => execFileSync("node", ["-"], {
            input: syncSiteSource(), encoding: "utf8", cwd: path.join(__dirname, "..", ".."),
            env: { ...process.env, TESSERAL_PUBLIC_DIR: pub, TESSERAL_BUCKET: "b", TESSERAL_DISTRIBUTION_ID: "E1",
                TESSERAL_S3_CLIENT: path.join(fake, "s3"), TESSERAL_CLOUDFRONT_CLIENT: path.join(fake, "cf"),
                TESSERAL_MIME_TYPES: modulePathFromProject("mime-types"), ...(previous ? { PULUMI_COMMAND_STDOUT: previous } : {}) },
            stdio: ["pipe", "pipe", "pipe"],
        });
        const out = run();
        expect(out.trim().split("\n")).to.have.length(1);
        expect(JSON.parse(out)).to.deep.equal(buildManifest(pub, "b"));
        expect(fs.readFileSync(log, "utf8").trim().split("\n")).to.have.length(5);
        fs.writeFileSync(log, "");
        expect(run(out.trim())).to.equal(out);
        expect(fs.readFileSync(log, "utf8")).to.equal("");
        fs.rmSync(fake, { recursive: true, force: true });
    });
});

describe("publish steps", () => {
    it("run the script with project-relative module paths, re-run on the build's inputs as updates, after the bucket policy", async () => {
        const { rec } = await evaluateEdge();
        const step = rec.named("edge-vault-ui-publish");
        const i = plain(step.inputs) as { create: string; update: string; stdin: string; environment: Record<string, string>; triggers: unknown[]; addPreviousOutputInEnv: boolean };
        expect([i.create, i.update, i.addPreviousOutputInEnv]).to.deep.equal(["node -", "node -", true]);
        expect(i.stdin).to.equal(syncSiteSource());
        expect(i.environment).to.deep.include({ TESSERAL_PUBLIC_DIR: ".tesseral/dev/vault-ui/public", AWS_REGION: "us-west-2" });
        expect(step.propertyDependencies.environment).to.include.members([rec.named("edge-vault-ui-site-bucket").urn, rec.named("edge-vault").urn]);
        for (const k of ["TESSERAL_S3_CLIENT", "TESSERAL_CLOUDFRONT_CLIENT", "TESSERAL_MIME_TYPES"]) expect(path.isAbsolute(i.environment[k]), k).to.equal(false);
        expect(i.environment.TESSERAL_DISTRIBUTION_ID).to.equal("edge-vault-id");
        // Only a new bucket or distribution replaces the step; a new build is an update (it keeps the previous manifest).
        expect(i.triggers).to.deep.equal(["edge-vault-ui-site-bucket-0123abcd", "edge-vault-id"]);
        expect(JSON.parse(i.environment.TESSERAL_SITE_VERSION)).to.deep.equal(["fp-vault-ui", ["fp-vault-ui", {}]]);
        expect(step.dependencies).to.include.members([rec.named("b-vault-ui-build").urn, rec.named("edge-vault-ui-policy").urn]);
        const consoleStep = plain(rec.named("edge-console-publish").inputs) as { environment: Record<string, string> };
        expect(JSON.parse(consoleStep.environment.TESSERAL_SITE_VERSION)).to.deep.equal(["fp-console", ["fp-console", { CONSOLE_API_URL: "https://vault.console.auth.example.com" }]]);
    });
});
