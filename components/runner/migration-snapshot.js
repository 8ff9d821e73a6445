// A snapshot before every migration of an existing database, for both runners: the ops function
// (shipped next to its index.js) and the local runner (run as `node -e` with this file's text before
// `openauthctl migrate up`). Plain JavaScript: it ships to Lambda as is, whose Node.js runtime
// carries @aws-sdk/client-rds. Never logs or returns the DSN.
//
// The rule, decided by asking the database (not Pulumi state):
// - `openauthctl migrate -d DSN version` says "no migration": a new database → no snapshot.
// - it says version V (maybe "(dirty)") and the source's newest migration N > V: migrate is about to
//   apply migrations to an existing database → a manual snapshot (RDS DB snapshot, or Aurora DB
//   cluster snapshot) named `<prefix><fingerprint>-v<V>` is taken and waited for (status
//   `available`); then the program's older snapshots beyond the newest `keep` are deleted.
// - V >= N: nothing to apply → no snapshot.
// Snapshots the program made carry the stack's name prefix AND its owner tag; only those are ever
// deleted, never the newest `keep` (>= 1), never one that is not `available`.
"use strict";

/** The tag every snapshot the program makes carries; its value names the stack (project/stack/component). */
const OWNER_TAG = "tesseral-aws:migration-snapshot-of";
/** What golang-migrate's `version` prints, as the last stderr line, on a database it never migrated. */
const NO_MIGRATION = "no migration";

/**
 * RDS identifier rules (DB and cluster snapshots alike): 1-255 letters, digits and hyphens, a
 * letter first, no two hyphens in a row, no hyphen last.
 */
function isRdsIdentifier(s) {
    return typeof s === "string" && /^[A-Za-z][A-Za-z0-9-]{0,254}$/.test(s) && !s.includes("--") && !s.endsWith("-");
}

/** Letters, digits and single hyphens from any text: the safe part of a name. */
function sanitize(text) {
    return String(text).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/**
 * The snapshot's identifier: the stack's prefix (ends with "-"), the migrations' fingerprint (first
 * 16 hex digits) and the version the database was at. Pure.
 */
function snapshotIdentifier(prefix, fingerprint, fromVersion) {
    const fp = String(fingerprint).toLowerCase().replace(/[^0-9a-f]/g, "").slice(0, 16);
    if (fp.length === 0) throw new Error(`migration fingerprint ${JSON.stringify(fingerprint)} holds no hex digits`);
    if (!Number.isInteger(fromVersion) || fromVersion < 0) throw new Error(`version ${JSON.stringify(fromVersion)} is not a whole number`);
    const id = `${prefix}${fp}-v${fromVersion}`;
    if (!isRdsIdentifier(id)) throw new Error(`snapshot identifier ${JSON.stringify(id)} breaks RDS's rules (letters, digits, single hyphens, a letter first, 1-255)`);
    return id;
}

/**
 * Parses `openauthctl migrate version`: { kind: "new" } on a database never migrated,
 * { kind: "existing", version, dirty } otherwise; undefined when the outcome is an error. Pure.
 */
function parseMigrateVersion(code, stdout, stderr) {
    if (code === 0) {
        const m = /^(\d+)( \(dirty\))?$/.exec(String(stdout).trim());
        return m ? { kind: "existing", version: Number(m[1]), dirty: m[2] !== undefined } : undefined;
    }
    const lines = String(stderr).trim().split("\n");
    const last = lines[lines.length - 1].trim();
    return code === 1 && (last === NO_MIGRATION || last.endsWith(` ${NO_MIGRATION}`)) ? { kind: "new" } : undefined;
}

/** Whether a snapshot is due: an existing database with migrations to apply. Pure. */
function snapshotDue(state, newestMigration) {
    if (!state || state.kind !== "existing") return false;
    if (state.version === 0 && !state.dirty) return false;
    return newestMigration > state.version;
}

/**
 * Which snapshots to delete, oldest first: of those the program made (name starts with `prefix`
 * and the owner tag is `owner`), all but the newest `keep`, and only `available` ones. Snapshots
 * without the prefix or the tag are never touched. Pure.
 * @param snapshots [{ id, createdAt (ISO string or Date), status, tags: { [key]: value } }]
 */
function snapshotsToDelete(snapshots, keep, prefix, owner) {
    if (!Number.isInteger(keep) || keep < 1) throw new Error(`keep must be a whole number >= 1, got ${JSON.stringify(keep)}`);
    if (!prefix) throw new Error("a snapshot name prefix is required");
    const ours = snapshots
        .filter((s) => typeof s.id === "string" && s.id.startsWith(prefix) && s.tags && s.tags[OWNER_TAG] === owner)
        .map((s) => ({ ...s, t: s.createdAt ? new Date(s.createdAt).getTime() : Number.POSITIVE_INFINITY }))
        // Newest first; one still being created (no time yet) counts as the newest.
        .sort((a, b) => (b.t - a.t) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return ours.slice(keep).filter((s) => s.status === "available").reverse().map((s) => s.id);
}

/** The engine's API names: RDS DB snapshots or Aurora DB cluster snapshots. */
function engineApi(sdk, engine) {
    if (engine === "rds") {
        return {
            kind: "DB snapshot",
            create: (id, db, tags) => new sdk.CreateDBSnapshotCommand({ DBSnapshotIdentifier: id, DBInstanceIdentifier: db, Tags: tags }),
            describe: (db, marker) => new sdk.DescribeDBSnapshotsCommand({ DBInstanceIdentifier: db, SnapshotType: "manual", Marker: marker }),
            describeOne: (id) => new sdk.DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id }),
            remove: (id) => new sdk.DeleteDBSnapshotCommand({ DBSnapshotIdentifier: id }),
            list: (out) => (out.DBSnapshots || []).map((s) => ({ id: s.DBSnapshotIdentifier, createdAt: s.SnapshotCreateTime, status: s.Status, progress: s.PercentProgress, tags: tagMap(s.TagList) })),
            notFound: /DBSnapshotNotFound/,
            busy: /InvalidDBInstanceState/,
        };
    }
    if (engine === "aurora") {
        return {
            kind: "DB cluster snapshot",
            create: (id, db, tags) => new sdk.CreateDBClusterSnapshotCommand({ DBClusterSnapshotIdentifier: id, DBClusterIdentifier: db, Tags: tags }),
            describe: (db, marker) => new sdk.DescribeDBClusterSnapshotsCommand({ DBClusterIdentifier: db, SnapshotType: "manual", Marker: marker }),
            describeOne: (id) => new sdk.DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: id }),
            remove: (id) => new sdk.DeleteDBClusterSnapshotCommand({ DBClusterSnapshotIdentifier: id }),
            list: (out) => (out.DBClusterSnapshots || []).map((s) => ({ id: s.DBClusterSnapshotIdentifier, createdAt: s.SnapshotCreateTime, status: s.Status, progress: s.PercentProgress, tags: tagMap(s.TagList) })),
            notFound: /DBClusterSnapshotNotFound/,
            busy: /InvalidDBClusterState/,
        };
    }
    throw new Error(`unknown snapshot engine ${JSON.stringify(engine)}: expected "rds" or "aurora"`);
}

function tagMap(list) {
    const out = {};
    for (const t of list || []) out[t.Key] = t.Value;
    return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The snapshot settings from an environment (the ops function's, or the local step's). Undefined
 * when no database identifier is set (no snapshot target: e.g. a stack without RDS).
 */
function snapshotSettings(env) {
    const database = env.TESSERAL_SNAPSHOT_DATABASE;
    if (!database) return undefined;
    const keep = Number(env.TESSERAL_SNAPSHOT_KEEP);
    const settings = { engine: env.TESSERAL_SNAPSHOT_ENGINE, database, prefix: env.TESSERAL_SNAPSHOT_PREFIX, owner: env.TESSERAL_SNAPSHOT_OWNER, keep };
    for (const [k, v] of Object.entries(settings)) {
        if (v === undefined || v === "" || (k === "keep" && (!Number.isInteger(v) || v < 1))) {
            throw new Error(`migration snapshots need TESSERAL_SNAPSHOT_${k.toUpperCase()} (got ${JSON.stringify(env[`TESSERAL_SNAPSHOT_${k.toUpperCase()}`])})`);
        }
    }
    return settings;
}

/**
 * Takes the snapshot when one is due, waits for it and prunes. Resolves
 * { snapshot: id | null, reason, deleted: [ids] }; rejects (migrate must not run) when the
 * snapshot cannot be made or is not available in time.
 * @param o.readVersion  () => Promise<{ code, stdout, stderr }> of `openauthctl migrate version`
 * @param o.migrations   { fingerprint, newest } of the source's migrations
 * @param o.settings     snapshotSettings(...)
 * @param o.rds          { sdk, client }: the @aws-sdk/client-rds module and a client (made lazily by `rds()`)
 * @param o.deadline     epoch ms by which the snapshot must be available
 * @param o.pollMs       how often to look (default 15 s)
 * @param o.redact       text => text, for error messages
 */
async function snapshotBeforeMigrate(o) {
    const redact = o.redact || ((t) => t);
    const v = await o.readVersion();
    const state = parseMigrateVersion(v.code, v.stdout, v.stderr);
    if (!state) throw new Error(`openauthctl migrate version failed (exit ${v.code}): ${redact(String(v.stderr || v.stdout).trim())}`);
    if (state.kind === "new") return { snapshot: null, reason: "new database", deleted: [] };
    if (!o.migrations) return { snapshot: null, reason: "no migrations manifest", deleted: [] };
    if (!snapshotDue(state, o.migrations.newest)) {
        return { snapshot: null, reason: `database at version ${state.version}, newest migration ${o.migrations.newest}: nothing to apply`, deleted: [] };
    }
    if (!o.settings) return { snapshot: null, reason: "no snapshot target configured", deleted: [] };
    const { sdk, client } = o.rds();
    const api = engineApi(sdk, o.settings.engine);
    const id = snapshotIdentifier(o.settings.prefix, o.migrations.fingerprint, state.version);
    const pollMs = o.pollMs === undefined ? 15000 : o.pollMs;

    // Create it, unless a previous attempt did (a run that timed out waiting): then wait for that one.
    let current = await describeOne(client, api, id);
    if (!current) {
        for (;;) {
            try {
                await client.send(api.create(id, o.settings.database, [{ Key: OWNER_TAG, Value: o.settings.owner }]));
                break;
            } catch (e) {
                // The database is busy (a backup, a modification): try again while there is time.
                if (!api.busy.test(String(e && e.name)) || Date.now() + pollMs > o.deadline) throw e;
                await sleep(pollMs);
            }
        }
    }
    for (;;) {
        current = await describeOne(client, api, id);
        const status = current ? current.status : "missing";
        if (status === "available") break;
        if (status === "failed" || status === "missing" || status === "deleting") {
            throw new Error(`${api.kind} ${id} is ${status}: migrate did not run`);
        }
        if (Date.now() + pollMs > o.deadline) {
            throw new Error(`${api.kind} ${id} is still ${status}${current && current.progress !== undefined ? ` (${current.progress}%)` : ""}; migrate did not run. Run \`pulumi up\` again: it waits for this snapshot and then migrates.`);
        }
        await sleep(pollMs);
    }

    // Keep the newest `keep` of ours; the new one is among them.
    const all = [];
    let marker;
    do {
        const out = await client.send(api.describe(o.settings.database, marker));
        all.push(...api.list(out));
        marker = out.Marker;
    } while (marker);
    const doomed = snapshotsToDelete(all, o.settings.keep, o.settings.prefix, o.settings.owner).filter((d) => d !== id);
    for (const d of doomed) await client.send(api.remove(d));
    return { snapshot: id, reason: `database at version ${state.version}, newest migration ${o.migrations.newest}`, deleted: doomed };
}

async function describeOne(client, api, id) {
    try {
        const found = api.list(await client.send(api.describeOne(id)));
        return found.find((s) => s.id === id);
    } catch (e) {
        if (api.notFound.test(String(e && e.name))) return undefined;
        throw e;
    }
}

/** The RDS client: the SDK at TESSERAL_RDS_CLIENT (the local runner), or the runtime's own (Lambda). */
function defaultRds(env) {
    return () => {
        const sdk = require(env.TESSERAL_RDS_CLIENT ? require("path").resolve(env.TESSERAL_RDS_CLIENT) : "@aws-sdk/client-rds");
        return { sdk, client: new sdk.RDSClient({ region: env.AWS_REGION }) };
    };
}

module.exports = {
    OWNER_TAG, NO_MIGRATION, isRdsIdentifier, sanitize, snapshotIdentifier, parseMigrateVersion, snapshotDue,
    snapshotsToDelete, snapshotSettings, snapshotBeforeMigrate, defaultRds,
};

// The local runner: `node -e "<this file>"` (or `node migration-snapshot.js`) with the step's
// environment; one line on stderr.
if (require.main === module || module.id === "[eval]") {
    const { execFile } = require("child_process");
    const env = process.env;
    const readVersion = () => new Promise((resolve) => {
        execFile(require("path").resolve(env.TESSERAL_OPENAUTHCTL), ["migrate", "-d", env.TESSERAL_DSN, "version"], { env },
            (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) }));
    });
    const redact = (t) => {
        let out = String(t);
        if (env.TESSERAL_DSN) {
            out = out.split(env.TESSERAL_DSN).join("[redacted]");
            try { const pw = decodeURIComponent(new URL(env.TESSERAL_DSN).password || ""); if (pw) out = out.split(pw).join("[redacted]"); } catch { /* not a URL */ }
        }
        return out;
    };
    Promise.resolve()
        .then(() => snapshotBeforeMigrate({
            readVersion, migrations: env.TESSERAL_MIGRATIONS ? JSON.parse(env.TESSERAL_MIGRATIONS) : undefined,
            settings: snapshotSettings(env), rds: defaultRds(env), redact,
            deadline: Date.now() + Number(env.TESSERAL_SNAPSHOT_WAIT_SECONDS || 7200) * 1000,
            pollMs: env.TESSERAL_SNAPSHOT_POLL_MS === undefined ? undefined : Number(env.TESSERAL_SNAPSHOT_POLL_MS),
        }))
        .then((r) => {
            process.stderr.write(r.snapshot
                ? `migration snapshot ${r.snapshot} taken (${r.reason})${r.deleted.length ? `; deleted older: ${r.deleted.join(", ")}` : ""}\n`
                : `no migration snapshot: ${r.reason}\n`);
        })
        .catch((e) => { process.stderr.write(`migration snapshot failed: ${redact(String(e && e.message || e))}\n`); process.exitCode = 1; });
}
