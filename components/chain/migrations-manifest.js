// What the source's SQL migrations are: their fingerprint and the newest version. Plain JavaScript
// so the deploy can run it on a fresh clone (`node -e "<this file>"` with TESSERAL_MIGRATIONS_DIR
// prints one JSON line) and the program can call it on a local checkout; both get the same answer.
"use strict";
const fs = require("fs");
const path = require("path");
const { createHash } = require("crypto");

/** golang-migrate's file names: NNN_title.up.sql / NNN_title.down.sql. */
const MIGRATION_FILE = /^(\d+)_[^/]*\.(up|down)\.sql$/;

/**
 * { fingerprint, newest } of migration files given as [{ name, content }]: sha256 over each
 * file's name and content hash in name order (independent of order, timestamps, location), and the
 * highest version with an up migration (0 when there is none). Other files are ignored. Pure.
 */
function migrationsManifest(files) {
    const migrations = files.filter((f) => MIGRATION_FILE.test(f.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const h = createHash("sha256");
    let newest = 0;
    for (const f of migrations) {
        h.update(f.name).update("\0").update(createHash("sha256").update(f.content).digest("hex")).update("\n");
        const m = MIGRATION_FILE.exec(f.name);
        if (m[2] === "up") newest = Math.max(newest, Number(m[1]));
    }
    return { fingerprint: h.digest("hex"), newest };
}

/** The manifest of a migrations folder. */
function manifestOfDir(dir) {
    if (!fs.existsSync(dir)) throw new Error(`no migrations folder at ${dir}: is this a Tesseral checkout?`);
    const files = fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isFile())
        .map((name) => ({ name, content: fs.readFileSync(path.join(dir, name)) }));
    return migrationsManifest(files);
}

module.exports = { migrationsManifest, manifestOfDir, MIGRATION_FILE };

if (require.main === module || module.id === "[eval]") {
    process.stdout.write(JSON.stringify(manifestOfDir(process.env.TESSERAL_MIGRATIONS_DIR)) + "\n");
}
