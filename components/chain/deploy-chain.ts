import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { GoBinary } from "../build/go-binary";
import { SpaBuild } from "../build/spa-build";
import { Settings } from "../config/settings";
import { TesseralSource } from "../source/source";
import { buildRoot } from "../util/naming";
import { migrationsOf } from "./migrations";
import { DatabaseRunner } from "./runner";

export interface DeployChainArgs {
    settings: Settings;
    runner: DatabaseRunner;
    /** Secret PostgreSQL URL. */
    dsn: pulumi.Output<string>;
    /** Changes only when the database is a new one. */
    databaseIdentity: pulumi.Input<string>;
    /** The session key's ARN. */
    sessionKmsKeyId: pulumi.Input<string>;
    region: string;
    /** What must exist before migrate can run (the database, its network path). */
    databaseReady: pulumi.Resource[];
}

/**
 * source → build api / openauthctl / vault-ui → migrate → bootstrap (once) → build console.
 * Every step re-runs only when what it consumes changes; nothing waits on what it does not use.
 */
export class DeployChain extends pulumi.ComponentResource {
    public readonly source: TesseralSource;
    public readonly api: GoBinary;
    public readonly openauthctl: GoBinary;
    public readonly migrate: pulumi.Resource;
    public readonly vaultUi: SpaBuild;
    public readonly console: SpaBuild;
    public readonly dogfoodProjectId: pulumi.Output<string>;
    public readonly bootstrapUserEmail: pulumi.Output<string | undefined>;
    public readonly bootstrapUserPassword: pulumi.Output<string | undefined>;

    constructor(name: string, args: DeployChainArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:DeployChain", name, {}, opts);
        const { settings, runner } = args;
        const out = buildRoot();

        // 1. Source: a local checkout, or a git ref cloned once.
        this.source = new TesseralSource(`${name}-source`, { source: settings.source }, { parent: this });
        const tree = this.source.tree;

        // 2. Go builds, in parallel: the API for Lambda, openauthctl for wherever the runner runs.
        this.api = new GoBinary(`${name}-api`, {
            source: tree, package: "./cmd/api", binaryName: "api", architecture: settings.api.architecture,
            outDir: path.posix.join(out, "api"), fingerprint: tree.fingerprints.api, lambdaZip: true,
            dependsOn: this.source.ready,
        }, { parent: this });
        this.openauthctl = new GoBinary(`${name}-openauthctl`, {
            source: tree, package: "./cmd/openauthctl", binaryName: "openauthctl", architecture: runner.openauthctlArchitecture,
            outDir: path.posix.join(out, "openauthctl"), fingerprint: tree.fingerprints.openauthctl,
            dependsOn: this.source.ready,
        }, { parent: this });

        // 3. Migrate whenever openauthctl (and so its embedded migrations) changes; the runner
        //    snapshots an existing database first when the migrations take it further.
        this.migrate = runner.migrate(`${name}-migrate`, {
            openauthctl: this.openauthctl, dsn: args.dsn, databaseIdentity: args.databaseIdentity,
            openauthctlFingerprint: tree.fingerprints.openauthctl,
            migrations: migrationsOf(name, tree, this.source.ready, this), dependsOn: args.databaseReady,
        }, this);

        // 4. Bootstrap once per database, or adopt a database bootstrapped before.
        const bootstrap = settings.dogfoodProjectId
            ? undefined
            : runner.bootstrap(`${name}-bootstrap`, {
                openauthctl: this.openauthctl, dsn: args.dsn, databaseIdentity: args.databaseIdentity,
                sessionKmsKeyId: args.sessionKmsKeyId, region: args.region, rootUserEmail: settings.rootUserEmail,
                consoleDomain: settings.consoleDomain, vaultDomain: settings.vaultDomain, dependsOn: [this.migrate],
            }, this);
        this.dogfoodProjectId = bootstrap ? bootstrap.dogfoodProjectId : pulumi.output(settings.dogfoodProjectId as string);
        this.bootstrapUserEmail = bootstrap ? bootstrap.bootstrapUserEmail : pulumi.output<string | undefined>(undefined);
        this.bootstrapUserPassword = bootstrap ? bootstrap.bootstrapUserPassword : pulumi.secret(pulumi.output<string | undefined>(undefined));

        // 5. The SPAs: vault-ui needs nothing; the console bakes in the dogfood project and vault URL.
        this.vaultUi = new SpaBuild(`${name}-vault-ui`, {
            source: tree, folder: "vault-ui", outDir: path.posix.join(out, "vault-ui"),
            fingerprint: tree.fingerprints.vaultUi, dependsOn: this.source.ready,
        }, { parent: this });
        this.console = new SpaBuild(`${name}-console`, {
            source: tree, folder: "console", outDir: path.posix.join(out, "console"),
            fingerprint: tree.fingerprints.console,
            buildEnvironment: {
                CONSOLE_DOGFOOD_PROJECT_ID: this.dogfoodProjectId,
                CONSOLE_API_URL: `https://${settings.vaultDomain}`,
            },
            dependsOn: bootstrap ? [...this.source.ready, bootstrap.step] : this.source.ready,
        }, { parent: this });

        this.registerOutputs({ dogfoodProjectId: this.dogfoodProjectId });
    }
}
