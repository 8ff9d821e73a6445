// Publishes a built SPA folder to its S3 bucket and invalidates CloudFront, uploading only what
// changed. Run as `node -` by the site's sync step (source on standard input). Reads
// TESSERAL_PUBLIC_DIR, TESSERAL_BUCKET, TESSERAL_DISTRIBUTION_ID, the module paths
// TESSERAL_S3_CLIENT, TESSERAL_CLOUDFRONT_CLIENT and TESSERAL_MIME_TYPES (resolved by the program),
// and PULUMI_COMMAND_STDOUT (the previous run's manifest). Prints the new manifest as one line.
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");

const MANIFEST_VERSION = 1;
/** For files whose name carries their content hash: a new content is a new name. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** For everything else (index.html, index.js, favicon.svg ...): revalidate on every use. */
const REVALIDATE = "no-cache";
/** Above this many paths one `/*` is cheaper (each path is billed; a wildcard counts once). */
const MAX_INVALIDATION_PATHS = 15;
const DELETE_BATCH = 1000;

/**
 * True when the file name carries a content hash just before its extension, as bundlers write
 * them: `logo-a208a897.svg`, `main.3f2a1b9c.js` (hex, 8+ chars with a digit), `index-BXk2a9Zc.js`
 * (base64url, 8 chars, mixed case and a digit), `chunk-5GLJ2QZ6.js` (base32). Conservative: a
 * miss only costs a revalidation, a false hit would pin a mutable file for a year.
 */
function isContentHashed(key) {
    const base = key.split("/").pop();
    const m = /[.-]([A-Za-z0-9_]{8,})\.[A-Za-z0-9]+$/.exec(base);
    if (!m) return false;
    const t = m[1];
    if (/^[0-9a-f]{8,}$/.test(t)) return /[0-9]/.test(t);
    if (t.length !== 8) return false;
    if (/^[A-Z2-7]{8}$/.test(t)) return /[0-9]/.test(t);
    return /[A-Z]/.test(t) && /[a-z]/.test(t) && /[0-9]/.test(t);
}

/** Cache-Control of an object. */
function cacheControlFor(key) {
    return isContentHashed(key) ? IMMUTABLE : REVALIDATE;
}

/**
 * Files of a build that are not published: source maps. The SPAs' bundles reference them, but they
 * are only for debugging (vault-ui's is 7.6 MB at the pinned commit), and Tesseral's source is public
 * anyway: a browser asking for one gets the bucket's 403/404, which costs nothing.
 */
function isPublished(key) {
    return !key.endsWith(".map");
}

/** `{ bucket, files: { key: { sha256, size } } }` of a local folder, keys posix and sorted; source maps left out. */
function buildManifest(dir, bucket) {
    const files = {};
    const walk = (rel) => {
        const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true })
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const e of entries) {
            const key = rel ? `${rel}/${e.name}` : e.name;
            if (e.isDirectory()) walk(key);
            else if (e.isFile() && isPublished(key)) {
                const body = fs.readFileSync(path.join(dir, key));
                files[key] = { sha256: crypto.createHash("sha256").update(body).digest("hex"), size: body.length };
            }
        }
    };
    walk("");
    return { version: MANIFEST_VERSION, bucket, files };
}

/** The manifest a previous run printed (its last line), or undefined when there is none usable. */
function parseManifest(stdout) {
    if (!stdout) return undefined;
    const line = String(stdout).trim().split("\n").pop();
    try {
        const m = JSON.parse(line);
        if (m && m.version === MANIFEST_VERSION && typeof m.bucket === "string" && m.files && typeof m.files === "object") return m;
    } catch (e) {
        // not a manifest: treat as a first run
    }
    return undefined;
}

/** Upload order: hashed assets first, then other files, `.html` last, so no page names a missing asset. */
function uploadRank(key) {
    if (isContentHashed(key)) return 0;
    return /\.html?$/.test(key) ? 2 : 1;
}

/**
 * What to do to make the bucket hold `current`, knowing it holds `previous` (pure).
 * Uploads: new and changed files, each with its Content-Type and Cache-Control. Deletes: files
 * that disappeared. Invalidation: changed and removed paths only (new paths were never served),
 * `/` with `/index.html`, or `/*` when more than 15 paths; none when nothing changed. A previous
 * manifest of another bucket counts as none.
 */
function planSync(previous, current, contentTypeOf) {
    const before = previous && previous.bucket === current.bucket ? previous.files : {};
    const now = current.files;
    const added = Object.keys(now).filter((k) => !before[k]);
    const changed = Object.keys(now).filter((k) => before[k] && (before[k].sha256 !== now[k].sha256 || before[k].size !== now[k].size));
    const deletes = Object.keys(before).filter((k) => !now[k]).sort();
    const uploads = [...added, ...changed]
        .sort((a, b) => uploadRank(a) - uploadRank(b) || (a < b ? -1 : a > b ? 1 : 0))
        .map((key) => ({ key, contentType: contentTypeOf(key), cacheControl: cacheControlFor(key) }));
    const stale = [...changed, ...deletes].map((k) => "/" + k.split("/").map(encodeURIComponent).join("/"));
    if (stale.includes("/index.html")) stale.push("/");
    stale.sort();
    const invalidationPaths = stale.length > MAX_INVALIDATION_PATHS ? ["/*"] : stale;
    return { uploads, deletes, invalidationPaths };
}

/** Content-Type from the extension (mime-types), with charset for text; octet-stream when unknown. */
function contentTypeWith(mime) {
    return (key) => mime.contentType(path.extname(key)) || "application/octet-stream";
}

/**
 * Makes the bucket match the folder and invalidates what changed. `clients` are `{ s3, cloudfront }`
 * with `send(command)`; `sdk` is `{ s3, cloudfront }`, the modules the commands come from.
 */
async function syncSite(opts, clients, sdk, mime) {
    for (const k of ["dir", "bucket", "distributionId"]) {
        if (!opts[k]) throw new Error(`sync: ${k} is not set`);
    }
    if (!fs.existsSync(opts.dir)) {
        throw new Error(`${opts.dir} does not exist on this machine: its build step has not run here; ` +
            "run `pulumi up --target-replace` on the build step's URN to rebuild it");
    }
    const manifest = buildManifest(opts.dir, opts.bucket);
    const plan = planSync(parseManifest(opts.previous), manifest, contentTypeWith(mime));
    for (const u of plan.uploads) {
        const body = fs.readFileSync(path.join(opts.dir, u.key));
        await clients.s3.send(new sdk.s3.PutObjectCommand({
            Bucket: opts.bucket, Key: u.key, Body: body, ContentType: u.contentType, CacheControl: u.cacheControl,
            ChecksumSHA256: crypto.createHash("sha256").update(body).digest("base64"),
        }));
    }
    for (let i = 0; i < plan.deletes.length; i += DELETE_BATCH) {
        const batch = plan.deletes.slice(i, i + DELETE_BATCH);
        const out = await clients.s3.send(new sdk.s3.DeleteObjectsCommand({
            Bucket: opts.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }));
        if (out && out.Errors && out.Errors.length) throw new Error(`sync: could not delete ${out.Errors.map((e) => e.Key).join(", ")}`);
    }
    if (plan.invalidationPaths.length > 0) {
        // Unique per transition (previous → new): a rollback to a build published before must not
        // reuse that publication's reference with other paths (CloudFront rejects that).
        const reference = crypto.createHash("sha256").update(JSON.stringify({ previous: opts.previous || "", manifest })).digest("hex").slice(0, 32);
        await clients.cloudfront.send(new sdk.cloudfront.CreateInvalidationCommand({
            DistributionId: opts.distributionId,
            InvalidationBatch: { CallerReference: reference, Paths: { Quantity: plan.invalidationPaths.length, Items: plan.invalidationPaths } },
        }));
    }
    return { manifest, plan };
}

module.exports = {
    isPublished, isContentHashed, cacheControlFor, buildManifest, parseManifest, planSync, syncSite, contentTypeWith, IMMUTABLE, REVALIDATE, MAX_INVALIDATION_PATHS };

if (process.argv[1] === "-" || module.id === "[stdin]") {
    const env = process.env;
    const load = (p, fallback) => require(p ? path.resolve(p) : fallback);
    const s3 = load(env.TESSERAL_S3_CLIENT, "@aws-sdk/client-s3");
    const cloudfront = load(env.TESSERAL_CLOUDFRONT_CLIENT, "@aws-sdk/client-cloudfront");
    const mime = load(env.TESSERAL_MIME_TYPES, "mime-types");
    syncSite(
        { dir: env.TESSERAL_PUBLIC_DIR, bucket: env.TESSERAL_BUCKET, distributionId: env.TESSERAL_DISTRIBUTION_ID, previous: env.PULUMI_COMMAND_STDOUT },
        { s3: new s3.S3Client({}), cloudfront: new cloudfront.CloudFrontClient({}) },
        { s3, cloudfront },
        mime,
    )
        .then((r) => {
            const p = r.plan;
            console.error(`sync: ${p.uploads.length} uploaded, ${p.deletes.length} deleted, invalidated ${p.invalidationPaths.join(" ") || "nothing"}`);
            console.log(JSON.stringify(r.manifest));
        })
        .catch((e) => { console.error(e.message); process.exit(1); });
}
