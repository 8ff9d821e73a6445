// The ops function's handler: runs openauthctl inside the VPC, next to the database.
// Event: { "action": "migrate" } or { "action": "bootstrap" }. Everything else is read at run time,
// so a new database is bootstrapped with today's values (a replaced invocation replays its old
// input): the DSN from the Secrets Manager secret named by TESSERAL_SECRET_ID (key API_DB_DSN), and
// bootstrap's e-mail, domains and session key from TESSERAL_ROOT_USER_EMAIL, TESSERAL_CONSOLE_DOMAIN,
// TESSERAL_VAULT_DOMAIN and TESSERAL_SESSION_KMS_KEY_ID. The DSN never appears in the event, the
// result or logs. Nothing here logs: the bootstrap result holds a live password.
// Migrate's event carries the source's migrations ({ fingerprint, newest }); before it migrates an
// existing database that they take further, the function snapshots it (migration-snapshot.js, with
// the TESSERAL_SNAPSHOT_* settings of its environment) and waits for the snapshot.
"use strict";
const path = require("path");
const { execFile } = require("child_process");
const { snapshotBeforeMigrate, snapshotSettings, defaultRds } = require("./migration-snapshot.js");

/** Runs a program; resolves { code, stdout, stderr } (never rejects on a non-zero exit). */
function run(file, args, env) {
    return new Promise((resolve) => {
        execFile(file, args, { env, maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60 * 1000 }, (err, stdout, stderr) => {
            resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
        });
    });
}

/** Removes every occurrence of the given secrets from a text (error messages may echo a DSN). */
function redact(text, secrets) {
    let out = text;
    for (const s of secrets) {
        if (!s) continue;
        out = out.split(s).join("[redacted]");
        try {
            const pw = decodeURIComponent(new URL(s).password || "");
            if (pw) out = out.split(pw).join("[redacted]");
        } catch { /* not a URL */ }
    }
    return out.trim();
}

const PROJECT_ID = /^project_[0-9a-z]{25}$/;

/**
 * What `openauthctl migrate -d DSN up` prints, as its last stderr line, on an up-to-date database:
 * `<argv0> migrate up: no change` (golang-migrate's ErrNoChange, prefixed with the command path by
 * the CLI library), exit 1. The same rule serves the local runner (components/chain/migrate-outcome.ts).
 */
const MIGRATE_NO_CHANGE = "migrate up: no change";

/** True when a finished `migrate up` succeeded: exit 0, or exit 1 with the no-change line last. */
function migrateUpSucceeded(code, stderr) {
    if (code === 0) return true;
    const lines = String(stderr).trim().split("\n");
    const last = lines[lines.length - 1].trim();
    return code === 1 && (last === MIGRATE_NO_CHANGE || last.endsWith(` ${MIGRATE_NO_CHANGE}`));
}

/** Bootstrap's settings from the function's environment; each one is required. */
function bootstrapSettings(environment) {
    const names = {
        rootUserEmail: "TESSERAL_ROOT_USER_EMAIL", consoleDomain: "TESSERAL_CONSOLE_DOMAIN",
        vaultDomain: "TESSERAL_VAULT_DOMAIN", sessionKmsKeyId: "TESSERAL_SESSION_KMS_KEY_ID",
    };
    const out = {};
    for (const [k, name] of Object.entries(names)) {
        const v = environment[name];
        if (typeof v !== "string" || v === "") throw new Error(`bootstrap needs ${name} in the function's environment`);
        out[k] = v;
    }
    return out;
}

/** How long before Lambda's own timeout the snapshot wait gives up (so the failure says why). */
const SNAPSHOT_WAIT_MARGIN_MS = 60 * 1000;

/**
 * Makes the handler. `getDsn()` reads the DSN; `binDir` holds openauthctl; `exec` runs a program;
 * `rds()` makes { sdk, client } of @aws-sdk/client-rds; `snapshotPollMs` how often the snapshot's
 * status is read (all injected in tests).
 */
function createHandler({ getDsn, binDir, exec = run, rds = defaultRds(process.env), snapshotPollMs }) {
    const openauthctl = path.join(binDir, "openauthctl");
    // Lambda hands the role's credentials and the region to the process as AWS_* variables;
    // bootstrap needs them for KMS. HOME must be writable.
    const env = { ...process.env, HOME: "/tmp" };
    return async function handler(event, context) {
        const action = event && event.action;
        if (action !== "migrate" && action !== "bootstrap") {
            throw new Error(`unknown action ${JSON.stringify(action)}: expected "migrate" or "bootstrap"`);
        }
        const dsn = await getDsn();
        const fail = (what, r) => {
            throw new Error(`openauthctl ${what} failed (exit ${r.code}): ${redact(r.stderr || r.stdout, [dsn])}`);
        };
        if (action === "migrate") {
            // First the snapshot of an existing database that the migrations take further; if it
            // cannot be made (or is not available in time), migrate does not run.
            const remaining = context && typeof context.getRemainingTimeInMillis === "function" ? context.getRemainingTimeInMillis() : 14 * 60 * 1000;
            const snap = await snapshotBeforeMigrate({
                readVersion: () => exec(openauthctl, ["migrate", "-d", dsn, "version"], env),
                migrations: event.migrations, settings: snapshotSettings(process.env), rds,
                deadline: Date.now() + remaining - SNAPSHOT_WAIT_MARGIN_MS, pollMs: snapshotPollMs,
                redact: (t) => redact(t, [dsn]),
            });
            // `-d` belongs to `migrate` and comes before the action; "no change" (exit 1) is success.
            const up = await exec(openauthctl, ["migrate", "-d", dsn, "up"], env);
            if (!migrateUpSucceeded(up.code, up.stderr)) fail("migrate up", up);
            const version = await exec(openauthctl, ["migrate", "-d", dsn, "version"], env);
            if (version.code !== 0) fail("migrate version", version);
            return { action, version: version.stdout.trim(), snapshot: snap.snapshot, snapshotReason: snap.reason, deletedSnapshots: snap.deleted };
        }
        const settings = bootstrapSettings(process.env);
        const r = await exec(openauthctl, [
            "bootstrap", "--database", dsn, "--session-kms-key-id", settings.sessionKmsKeyId,
            "--root-user-email", settings.rootUserEmail, "--console-domain", settings.consoleDomain, "--vault-domain", settings.vaultDomain,
        ], env);
        if (r.code !== 0) {
            if (/project count is not zero/.test(r.stderr)) {
                throw new Error("bootstrap refused: this database already holds a project (it was bootstrapped before); set tesseral:dogfoodProjectId to adopt it");
            }
            fail("bootstrap", r);
        }
        const fields = r.stdout.trim().split("\t");
        if (fields.length !== 3 || !PROJECT_ID.test(fields[0])) {
            throw new Error("openauthctl bootstrap printed an unexpected line (not shown: it may hold a password)");
        }
        return { action, dogfoodProjectId: fields[0], bootstrapUserEmail: fields[1], bootstrapUserPassword: fields[2] };
    };
}

/**
 * The DSN without pgx's pool_* parameters (the API's DSN carries them). golang-migrate's postgres
 * driver strips only x-* parameters and lib/pq sends the rest to the server as run-time
 * parameters, which PostgreSQL refuses ("unrecognized configuration parameter").
 */
function withoutPoolParams(dsn) {
    const url = new URL(dsn);
    for (const k of [...url.searchParams.keys()]) if (k.startsWith("pool_")) url.searchParams.delete(k);
    return url.toString();
}

/**
 * The DSN with another host: the API's DSN may name RDS Proxy, while migrate and bootstrap go to
 * the database itself (TESSERAL_DB_HOST). Unchanged without a host.
 */
function withHost(dsn, host) {
    if (!host) return dsn;
    const url = new URL(dsn);
    url.hostname = host;
    return url.toString();
}

/** The DSN from the API's secret (the AWS SDK ships with Lambda's Node.js runtime). */
async function dsnFromSecret() {
    const { SecretsManagerClient, GetSecretValueCommand } = require("@aws-sdk/client-secrets-manager");
    const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: process.env.TESSERAL_SECRET_ID }));
    const dsn = JSON.parse(out.SecretString || "{}").API_DB_DSN;
    if (!dsn) throw new Error("the secret holds no API_DB_DSN");
    return withHost(withoutPoolParams(dsn), process.env.TESSERAL_DB_HOST);
}

module.exports = { createHandler, redact, withoutPoolParams, withHost, migrateUpSucceeded, MIGRATE_NO_CHANGE, handler: createHandler({ getDsn: dsnFromSecret, binDir: __dirname }) };
