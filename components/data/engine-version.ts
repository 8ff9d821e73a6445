import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

/** The PostgreSQL major both engines run: RDS takes the major alone and picks AWS's current minor. */
export const POSTGRES_MAJOR = "16";
/**
 * The lowest Aurora PostgreSQL 16 minor this stack accepts: Tesseral needs 16.4 or later, and the
 * 0-ACU auto-pause (`database.minCapacity: 0`) needs 16.3 or later.
 */
export const AURORA_MIN_VERSION = "16.4";

/** Compares dotted numeric versions ("16.10" > "16.9"); a missing part counts as 0. */
export function compareVersions(a: string, b: string): number {
    const pa = a.split(".").map(Number);
    const pb = b.split(".").map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d !== 0) return d;
    }
    return 0;
}

/** The resolved version, or one clear error when AWS offers none this stack can run. */
export function acceptAuroraVersion(resolved: string | undefined): string {
    if (resolved === undefined || !/^\d+(\.\d+)*$/.test(resolved) || !resolved.startsWith(`${POSTGRES_MAJOR}.`) ||
        compareVersions(resolved, AURORA_MIN_VERSION) < 0) {
        throw new Error(`Aurora PostgreSQL: the newest ${POSTGRES_MAJOR}.x version AWS offers in this region is ${JSON.stringify(resolved)}; ` +
            `this stack needs ${AURORA_MIN_VERSION} or later of major ${POSTGRES_MAJOR} (set tesseral:database.engine to "rds" to use RDS for PostgreSQL instead)`);
    }
    return resolved;
}

/**
 * The newest Aurora PostgreSQL version of the major, resolved at deploy time from AWS's own list
 * (`aws.rds.getEngineVersion`, provisioned engine mode, which Serverless v2 uses), so a version
 * AWS retires is never pinned here. A new cluster gets it; an existing cluster keeps the version it
 * runs (the cluster ignores `engineVersion` changes and AWS applies minor upgrades itself).
 */
export function auroraEngineVersion(parent: pulumi.Resource): pulumi.Output<string> {
    return aws.rds.getEngineVersionOutput({
        engine: "aurora-postgresql",
        version: POSTGRES_MAJOR,
        latest: true,
        filters: [{ name: "engine-mode", values: ["provisioned"] }],
    }, { parent }).versionActual.apply(acceptAuroraVersion);
}
