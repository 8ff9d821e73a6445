// Uploads one local file to S3, run as `node -` by the S3File step (source on standard input).
// Reads TESSERAL_FILE, TESSERAL_BUCKET, TESSERAL_KEY, TESSERAL_CONTENT_TYPE and TESSERAL_S3_CLIENT
// (the path of @aws-sdk/client-s3, resolved by the program). Prints one JSON line.
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");

/** Puts the file with a SHA-256 checksum S3 verifies. `s3` is an S3Client-like `{ send(command) }`. */
async function upload(env, s3, sdk) {
    for (const k of ["TESSERAL_FILE", "TESSERAL_BUCKET", "TESSERAL_KEY"]) {
        if (!env[k]) throw new Error(`${k} is not set`);
    }
    if (!fs.existsSync(env.TESSERAL_FILE)) {
        throw new Error(`${env.TESSERAL_FILE} does not exist on this machine: its build step has not run here; ` +
            "run `pulumi up --target-replace` on the build step's URN to rebuild it");
    }
    const body = fs.readFileSync(env.TESSERAL_FILE);
    const sha256 = crypto.createHash("sha256").update(body).digest("base64");
    await s3.send(new sdk.PutObjectCommand({
        Bucket: env.TESSERAL_BUCKET,
        Key: env.TESSERAL_KEY,
        Body: body,
        ContentType: env.TESSERAL_CONTENT_TYPE || "application/octet-stream",
        ChecksumSHA256: sha256,
    }));
    return { bucket: env.TESSERAL_BUCKET, key: env.TESSERAL_KEY, size: body.length, sha256 };
}

module.exports = { upload };

if (process.argv[1] === "-" || module.id === "[stdin]") {
    const sdk = require(path.resolve(process.env.TESSERAL_S3_CLIENT || "@aws-sdk/client-s3"));
    upload(process.env, new sdk.S3Client({}), sdk)
        .then((r) => console.log(JSON.stringify(r)))
        .catch((e) => { console.error(e.message); process.exit(1); });
}
