import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { snapshotEnvironment } from "../data/snapshots";
import { modulePathFromProject } from "../util/naming";
import { script } from "../util/shell";
import { MIGRATE_NO_CHANGE } from "./migrate-outcome";
import { parseBootstrapOutput } from "./bootstrap-output";
import { BootstrapOutputs, BootstrapRequest, DatabaseRunner, MigrateRequest, MigrationSnapshotPlan } from "./runner";

/**
 * Migrate: openauthctl applies its embedded migrations; the DSN comes from the environment.
 * `-d` is an option of `migrate` and goes BEFORE the action (`migrate up -d DSN` is refused with
 * "unknown option: -d"). On an up-to-date database `migrate up` prints `... migrate up: no change`
 * and exits 1:
 * that is success here (every new source ref re-runs migrate, most with nothing to apply).
 * First, when the step carries the snapshot code (TESSERAL_SNAPSHOT_CODE, always in the program), it
 * takes a snapshot of an existing database that has migrations to apply and waits for it; if that
 * fails, migrate does not run.
 */
export const MIGRATE_SCRIPT = script(
    `if [ -n "\${TESSERAL_SNAPSHOT_CODE:-}" ]; then node -e "$TESSERAL_SNAPSHOT_CODE"; fi`,
    `set +e`,
    `err=$("./$TESSERAL_OPENAUTHCTL" migrate -d "$TESSERAL_DSN" up 2>&1)`,
    `code=$?`,
    `set -e`,
    `[ -z "$err" ] || printf '%s\\n' "$err" >&2`,
    `if [ "$code" -ne 0 ]; then`,
    `  case "$code:$(printf '%s\\n' "$err" | tail -n 1)" in`,
    `    "1:${MIGRATE_NO_CHANGE}"|"1:"*" ${MIGRATE_NO_CHANGE}") ;;`,
    `    *) exit "$code" ;;`,
    `  esac`,
    `fi`,
    `"./$TESSERAL_OPENAUTHCTL" migrate -d "$TESSERAL_DSN" version`,
);

/**
 * Bootstrap: prints one line with the project id, e-mail and a live password (straight to stdout,
 * which is a secret output). Its errors go to stderr; on a database that holds a project already
 * it says how to adopt it instead.
 */
export const BOOTSTRAP_SCRIPT = script(
    `exec 3>&1`,
    `set +e`,
    `err=$( { "./$TESSERAL_OPENAUTHCTL" bootstrap --database "$TESSERAL_DSN" \\`,
    `  --session-kms-key-id "$TESSERAL_SESSION_KMS_KEY_ID" --root-user-email "$TESSERAL_ROOT_USER_EMAIL" \\`,
    `  --console-domain "$TESSERAL_CONSOLE_DOMAIN" --vault-domain "$TESSERAL_VAULT_DOMAIN" 1>&3; } 2>&1 )`,
    `code=$?`,
    `set -e`,
    `if [ "$code" -ne 0 ]; then`,
    `  case "$err" in`,
    `    *"project count is not zero"*) echo "bootstrap refused: this database already holds a project (it was bootstrapped before); set tesseral:dogfoodProjectId to adopt it" >&2 ;;`,
    `    *) printf '%s\\n' "$err" >&2 ;;`,
    `  esac`,
    `  exit "$code"`,
    `fi`,
);

/**
 * Bootstrap's update: any input change but the trigger (a new source ref, a new e-mail, a rotated
 * DSN) is an update, which must never bootstrap again; it hands the previous line on unchanged
 * (pulumi-command puts the previous stdout in PULUMI_COMMAND_STDOUT). No input is ignored: on a
 * replacement the engine would replay an ignored input's OLD value, and a new database must be
 * bootstrapped with the new DSN and today's settings.
 */
export const BOOTSTRAP_UPDATE_SCRIPT = script(`printf '%s\\n' "$PULUMI_COMMAND_STDOUT"`);

/**
 * Runs openauthctl on the deploying machine, for a database it can reach. The snapshot before a
 * migration is taken with the deploying machine's AWS credentials (rds:CreateDBSnapshot,
 * DescribeDBSnapshots, DeleteDBSnapshot, AddTagsToResource, or the cluster equivalents).
 */
export class LocalRunner implements DatabaseRunner {
    public readonly openauthctlArchitecture = undefined;

    constructor(private readonly snapshots: MigrationSnapshotPlan) {}

    migrate(name: string, req: MigrateRequest, parent: pulumi.Resource): pulumi.Resource {
        const plan = this.snapshots;
        return new command.local.Command(name, {
            create: MIGRATE_SCRIPT,
            environment: {
                TESSERAL_OPENAUTHCTL: req.openauthctl.binaryPath,
                TESSERAL_DSN: req.dsn,
                // The snapshot before migrating an existing database: what, where, how many to keep.
                ...snapshotEnvironment(plan),
                TESSERAL_MIGRATIONS: req.migrations,
                // The code itself (not a path: the step may run where this package is not).
                TESSERAL_SNAPSHOT_CODE: fs.readFileSync(path.join(__dirname, "..", "runner", "migration-snapshot.js"), "utf8"),
                TESSERAL_RDS_CLIENT: modulePathFromProject("@aws-sdk/client-rds"),
                AWS_REGION: plan.region,
            },
            triggers: [req.openauthctlFingerprint, req.databaseIdentity],
            addPreviousOutputInEnv: false,
        }, { parent, dependsOn: [req.openauthctl, ...req.dependsOn] });
    }

    bootstrap(name: string, req: BootstrapRequest, parent: pulumi.Resource): BootstrapOutputs {
        const step = new command.local.Command(name, {
            create: BOOTSTRAP_SCRIPT,
            environment: {
                TESSERAL_OPENAUTHCTL: req.openauthctl.binaryPath,
                TESSERAL_DSN: req.dsn,
                TESSERAL_SESSION_KMS_KEY_ID: req.sessionKmsKeyId,
                TESSERAL_ROOT_USER_EMAIL: req.rootUserEmail,
                TESSERAL_CONSOLE_DOMAIN: req.consoleDomain,
                TESSERAL_VAULT_DOMAIN: req.vaultDomain,
                // openauthctl calls KMS with the deploying machine's credentials, in the stack's region.
                AWS_REGION: req.region,
            },
            update: BOOTSTRAP_UPDATE_SCRIPT,
            triggers: [req.databaseIdentity],
            logging: "none",
            addPreviousOutputInEnv: true,
        }, {
            parent,
            dependsOn: [req.openauthctl, ...req.dependsOn],
            additionalSecretOutputs: ["stdout", "stderr"],
        });
        return bootstrapOutputs(step, step.stdout);
    }
}

/** Splits bootstrap's secret line into outputs: the id and e-mail are not secret; the password stays secret. */
export function bootstrapOutputs(step: pulumi.Resource, stdout: pulumi.Output<string>): BootstrapOutputs {
    const parsed = pulumi.secret(stdout).apply(parseBootstrapOutput);
    return {
        dogfoodProjectId: pulumi.unsecret(parsed.dogfoodProjectId),
        bootstrapUserEmail: pulumi.unsecret(parsed.bootstrapUserEmail),
        bootstrapUserPassword: pulumi.secret(parsed.bootstrapUserPassword),
        step,
    };
}
