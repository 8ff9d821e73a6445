import * as pulumi from "@pulumi/pulumi";
import { Architecture } from "../config/settings";
import { GoBinary } from "../build/go-binary";
import { SnapshotEngine } from "../data/snapshots";

/**
 * The snapshot taken before migrate applies migrations to an existing database; both runners
 * carry it out (components/runner/migration-snapshot.js).
 */
export interface MigrationSnapshotPlan {
    engine: SnapshotEngine;
    /** The DB instance (rds) or DB cluster (aurora) identifier. */
    database: pulumi.Input<string>;
    /** This stack's snapshot name prefix (data/snapshots.ts snapshotPrefix). */
    prefix: string;
    /** The owner tag's value (data/snapshots.ts snapshotOwner). */
    owner: string;
    /** How many of this stack's migration snapshots to keep (>= 1). */
    keep: number;
    /** The stack's region (RDS calls). */
    region: string;
}

/** What migrate needs, whichever runner carries it out. */
export interface MigrateRequest {
    openauthctl: GoBinary;
    /** PostgreSQL URL; secret. */
    dsn: pulumi.Output<string>;
    /** Changes only when the database is a different one (e.g. the RDS resource id). */
    databaseIdentity: pulumi.Input<string>;
    /** Fingerprint of openauthctl (its embedded migrations included). */
    openauthctlFingerprint: string;
    /** The source's migrations as JSON `{ fingerprint, newest }` (chain/migrations.ts). */
    migrations: pulumi.Input<string>;
    dependsOn: pulumi.Resource[];
}

/** What bootstrap needs: the migrated database and the settings it writes into the dogfood project. */
export interface BootstrapRequest {
    openauthctl: GoBinary;
    dsn: pulumi.Output<string>;
    databaseIdentity: pulumi.Input<string>;
    /** The session key's ARN (an ARN names its region; bootstrap encrypts with it). */
    sessionKmsKeyId: pulumi.Input<string>;
    /** The stack's region, for the AWS calls bootstrap makes (KMS). */
    region: string;
    rootUserEmail: string;
    consoleDomain: string;
    vaultDomain: string;
    dependsOn: pulumi.Resource[];
}

export interface BootstrapOutputs {
    dogfoodProjectId: pulumi.Output<string>;
    bootstrapUserEmail: pulumi.Output<string>;
    /** Secret from the moment it exists. */
    bootstrapUserPassword: pulumi.Output<string>;
    /** The step later steps wait for. */
    step: pulumi.Resource;
}

/**
 * Where migrate and bootstrap run. `local` runs openauthctl on the deploying machine; `lambda`
 * (the in-VPC ops function) plugs in here with the data plane.
 */
export interface DatabaseRunner {
    /** The platform openauthctl must be built for: undefined = the deploying machine. */
    readonly openauthctlArchitecture: Architecture | undefined;
    migrate(name: string, request: MigrateRequest, parent: pulumi.Resource): pulumi.Resource;
    bootstrap(name: string, request: BootstrapRequest, parent: pulumi.Resource): BootstrapOutputs;
}
