/**
 * Migration snapshots, the pure parts: the stack's name prefix and owner tag, the snapshot's
 * identifier, which old snapshots go, and the permissions the ops function needs. The runtime
 * (create, wait, prune) is components/runner/migration-snapshot.js, shared by both runners; the
 * functions below that it also needs are its own, typed here.
 */
import { scopeHash } from "../util/naming";

export type SnapshotEngine = "rds" | "aurora";

/** One manual snapshot as DescribeDBSnapshots / DescribeDBClusterSnapshots list it. */
export interface SnapshotInfo {
    id: string;
    createdAt: string | Date | undefined;
    status: string;
    tags: Record<string, string>;
}

/** What `openauthctl migrate version` says about a database. */
export type MigrateState = { kind: "new" } | { kind: "existing"; version: number; dirty: boolean };

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JS shipped to Lambda as is
const js = require("../runner/migration-snapshot.js") as {
    OWNER_TAG: string;
    isRdsIdentifier(s: string): boolean;
    sanitize(text: string): string;
    snapshotIdentifier(prefix: string, fingerprint: string, fromVersion: number): string;
    snapshotsToDelete(snapshots: SnapshotInfo[], keep: number, prefix: string, owner: string): string[];
    parseMigrateVersion(code: number, stdout: string, stderr: string): MigrateState | undefined;
    snapshotDue(state: MigrateState | undefined, newestMigration: number): boolean;
};

/** The tag every migration snapshot carries; its value is the stack's owner string. */
export const OWNER_TAG: string = js.OWNER_TAG;
/** RDS's identifier rules: 1-255 letters, digits, hyphens; a letter first; no `--`; no trailing `-`. */
export const isRdsIdentifier: (s: string) => boolean = js.isRdsIdentifier;
/** `<prefix><first 16 hex of the migrations fingerprint>-v<version the database was at>`. */
export const snapshotIdentifier: (prefix: string, fingerprint: string, fromVersion: number) => string = js.snapshotIdentifier;
/** The program's own snapshots (prefix and owner tag) beyond the newest `keep`, available ones only, oldest first. */
export const snapshotsToDelete: (snapshots: SnapshotInfo[], keep: number, prefix: string, owner: string) => string[] = js.snapshotsToDelete;
/** `openauthctl migrate version`'s outcome: a new database, an existing one at a version, or an error (undefined). */
export const parseMigrateVersion: (code: number, stdout: string, stderr: string) => MigrateState | undefined = js.parseMigrateVersion;
/** True for an existing database with migrations to apply. */
export const snapshotDue: (state: MigrateState | undefined, newestMigration: number) => boolean = js.snapshotDue;

/** Longest stack part of the prefix: the identifier stays readable and far below 255. */
const STACK_PART_MAX = 40;

/**
 * The name prefix of this stack's migration snapshots: `tesseral-mig-<stack>-<hash>-`, where the
 * hash covers project, stack and component name. The fixed-length hash before the last hyphen
 * keeps one stack's prefix from being the start of another's (`dev` vs `dev-2`).
 */
export function snapshotPrefix(project: string, stack: string, name: string): string {
    const stackPart = js.sanitize(stack).slice(0, STACK_PART_MAX).replace(/-+$/, "");
    return ["tesseral-mig", stackPart, scopeHash(project, stack, name)].filter((p) => p !== "").join("-") + "-";
}

/** The owner tag's value: which stack (and component) made a snapshot. */
export function snapshotOwner(project: string, stack: string, name: string): string {
    return `${project}/${stack}/${name}`;
}

/** The snapshot target from the database's CloudWatch dimensions (DBInstanceIdentifier or DBClusterIdentifier). */
export function snapshotTarget(dimensions: Record<string, string>): { engine: SnapshotEngine; identifier: string } {
    if (dimensions.DBInstanceIdentifier) return { engine: "rds", identifier: dimensions.DBInstanceIdentifier };
    if (dimensions.DBClusterIdentifier) return { engine: "aurora", identifier: dimensions.DBClusterIdentifier };
    throw new Error(`no database identifier in ${JSON.stringify(dimensions)}`);
}

export interface SnapshotPolicyArgs {
    engine: SnapshotEngine;
    partition: string;
    region: string;
    accountId: string;
    /** The DB instance (rds) or DB cluster (aurora) identifier. */
    database: string;
    prefix: string;
    /** The owner tag's value: delete is allowed on snapshots that carry it only. */
    owner: string;
}

/** ARNs of the database and of this stack's snapshots (a wildcard after the prefix). Pure. */
export function snapshotArns(a: SnapshotPolicyArgs): { database: string; snapshots: string } {
    const base = `arn:${a.partition}:rds:${a.region}:${a.accountId}`;
    return a.engine === "rds"
        ? { database: `${base}:db:${a.database}`, snapshots: `${base}:snapshot:${a.prefix}*` }
        : { database: `${base}:cluster:${a.database}`, snapshots: `${base}:cluster-snapshot:${a.prefix}*` };
}

/**
 * The ops function's snapshot permissions: create (on the database and the prefixed snapshot
 * names, with the owner tag), describe (the database's and the prefixed snapshots), delete (the
 * prefixed snapshots that carry this stack's owner tag only). Pure.
 */
export function snapshotPolicyStatements(a: SnapshotPolicyArgs): object[] {
    const arns = snapshotArns(a);
    const [create, describe, remove, tagKey] = a.engine === "rds"
        ? ["rds:CreateDBSnapshot", "rds:DescribeDBSnapshots", "rds:DeleteDBSnapshot", "rds:snapshot-tag"]
        : ["rds:CreateDBClusterSnapshot", "rds:DescribeDBClusterSnapshots", "rds:DeleteDBClusterSnapshot", "rds:cluster-snapshot-tag"];
    return [
        { Sid: "MigrationSnapshotCreate", Effect: "Allow", Action: [create], Resource: [arns.database, arns.snapshots] },
        { Sid: "MigrationSnapshotTag", Effect: "Allow", Action: ["rds:AddTagsToResource"], Resource: [arns.snapshots] },
        { Sid: "MigrationSnapshotDescribe", Effect: "Allow", Action: [describe], Resource: [arns.database, arns.snapshots] },
        {
            Sid: "MigrationSnapshotDelete", Effect: "Allow", Action: [remove], Resource: [arns.snapshots],
            Condition: { StringEquals: { [`${tagKey}/${OWNER_TAG}`]: a.owner } },
        },
    ];
}

/** The settings both runners hand the snapshot code, as environment variables. */
export function snapshotEnvironment<T>(s: { engine: SnapshotEngine; database: T; prefix: string; owner: string; keep: number }): Record<string, string | T> {
    return {
        TESSERAL_SNAPSHOT_ENGINE: s.engine,
        TESSERAL_SNAPSHOT_DATABASE: s.database,
        TESSERAL_SNAPSHOT_PREFIX: s.prefix,
        TESSERAL_SNAPSHOT_OWNER: s.owner,
        TESSERAL_SNAPSHOT_KEEP: String(s.keep),
    };
}
