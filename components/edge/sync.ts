import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { modulePathFromProject } from "../util/naming";
import { SpaBuild } from "../build/spa-build";

/** One file of a manifest. */
export interface ManifestEntry { sha256: string; size: number }
/** What a sync step printed: the bucket and every file it holds. */
export interface SiteManifest { version: number; bucket: string; files: Record<string, ManifestEntry> }
export interface PlannedUpload { key: string; contentType: string; cacheControl: string }
export interface SyncPlan { uploads: PlannedUpload[]; deletes: string[]; invalidationPaths: string[] }
export interface SyncClient { send(command: unknown): Promise<unknown> }
export interface SyncOptions { dir: string; bucket: string; distributionId: string; previous?: string }

/** The typed face of `sync-site.js` (the script the step runs, plan and executor in one file). */
interface SyncModule {
    isPublished(key: string): boolean;
    isContentHashed(key: string): boolean;
    cacheControlFor(key: string): string;
    buildManifest(dir: string, bucket: string): SiteManifest;
    parseManifest(stdout: string | undefined): SiteManifest | undefined;
    planSync(previous: SiteManifest | undefined, current: SiteManifest, contentTypeOf: (key: string) => string): SyncPlan;
    contentTypeWith(mime: { contentType(ext: string): string | false }): (key: string) => string;
    syncSite(opts: SyncOptions, clients: { s3: SyncClient; cloudfront: SyncClient }, sdk: { s3: unknown; cloudfront: unknown },
        mime: { contentType(ext: string): string | false }): Promise<{ manifest: SiteManifest; plan: SyncPlan }>;
    IMMUTABLE: string;
    REVALIDATE: string;
    MAX_INVALIDATION_PATHS: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sync = require("./sync-site.js") as SyncModule;
export const { isPublished, isContentHashed, cacheControlFor, buildManifest, parseManifest, planSync, contentTypeWith, syncSite,
    IMMUTABLE, REVALIDATE, MAX_INVALIDATION_PATHS } = sync;

/** The script's source, handed to `node -` by the step. */
export function syncSiteSource(): string {
    return fs.readFileSync(path.join(__dirname, "sync-site.js"), "utf8");
}


export interface SiteSyncArgs {
    build: SpaBuild;
    /** The SPA's source fingerprint (the build's trigger). */
    fingerprint: pulumi.Input<string>;
    bucket: pulumi.Input<string>;
    distributionId: pulumi.Input<string>;
    region: string;
    dependsOn: pulumi.Input<pulumi.Resource>[];
}

/**
 * The step that publishes a built SPA. It re-runs when the build's inputs (fingerprint and baked
 * values, in its environment) change, as an UPDATE, so the previous manifest arrives in
 * PULUMI_COMMAND_STDOUT and only changed files move. Only a new bucket or distribution (its
 * `triggers`) replaces it, and then everything is uploaded, as a new bucket needs.
 */
export function siteSyncStep(name: string, args: SiteSyncArgs, parent: pulumi.Resource): command.local.Command {
    return new command.local.Command(name, {
        create: "node -",
        update: "node -",
        stdin: syncSiteSource(),
        environment: {
            TESSERAL_PUBLIC_DIR: args.build.publicDir,
            TESSERAL_BUCKET: args.bucket,
            TESSERAL_DISTRIBUTION_ID: args.distributionId,
            TESSERAL_S3_CLIENT: modulePathFromProject("@aws-sdk/client-s3"),
            TESSERAL_CLOUDFRONT_CLIENT: modulePathFromProject("@aws-sdk/client-cloudfront"),
            TESSERAL_MIME_TYPES: modulePathFromProject("mime-types"),
            AWS_REGION: args.region,
            // Not a trigger: a trigger change replaces the step, and a replacement gets no previous manifest.
            TESSERAL_SITE_VERSION: pulumi.jsonStringify([args.fingerprint, args.build.step.triggers]),
        },
        triggers: [args.bucket, args.distributionId],
        addPreviousOutputInEnv: true,
    }, { parent, dependsOn: [args.build.step, ...args.dependsOn] });
}
