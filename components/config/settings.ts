import * as pulumi from "@pulumi/pulumi";

/** The public repository and the commit `tesseral-facts.md` describes: the default source. */
export const DEFAULT_SOURCE_GIT = "https://github.com/tesseral-labs/tesseral";
export const DEFAULT_SOURCE_REF = "eaf6e666a97eb915240751767aaceff0da9cab91";

export const DATABASE_ENGINES = ["rds", "aurora-serverless"] as const;
export const NAT_KINDS = ["gateway", "instance"] as const;
export const ARCHITECTURES = ["arm64", "x86_64"] as const;
export const RUNNERS = ["lambda", "local"] as const;
export const PACKAGINGS = ["zip", "image"] as const;
/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
/** The AWS Lambda Web Adapter layer version this release pins (overridable with api.webAdapterLayerVersion). */
export const DEFAULT_WEB_ADAPTER_LAYER_VERSION = 26;

export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];
export type NatKind = (typeof NAT_KINDS)[number];
export type Architecture = (typeof ARCHITECTURES)[number];
export type RunnerKind = (typeof RUNNERS)[number];
export type Packaging = (typeof PACKAGINGS)[number];

/**
 * Where Tesseral's source comes from. Set `path` or `git` (with an optional `ref`), not both.
 * Default (the whole object unset): `{ git: "https://github.com/tesseral-labs/tesseral", ref: "eaf6e666a97eb915240751767aaceff0da9cab91" }`.
 *
 * @example
 * // A local checkout next to the Pulumi project:
 * source: { path: "../tesseral" }
 * @example
 * // A fork at a tag (upgrading Tesseral is changing `ref` and running `pulumi up`):
 * source: { git: "https://github.com/acme/tesseral", ref: "v1.2.3" }
 */
export interface SourceArgs {
    /**
     * A local checkout, relative to the Pulumi project directory or absolute. Must hold `go.mod`.
     * Not allowed together with `git` or `ref`. Default: unset.
     * @example "../tesseral"
     */
    path?: string;
    /**
     * A git remote (`https://`, `ssh://`, `file://` or `user@host:path`).
     * Default: `https://github.com/tesseral-labs/tesseral`.
     * @example "https://github.com/tesseral-labs/tesseral"
     */
    git?: string;
    /**
     * Commit, tag or branch of `git`. Default: the pinned commit `eaf6e666a97eb915240751767aaceff0da9cab91`
     * when `git` is the default remote; required for any other remote.
     * @example "eaf6e666a97eb915240751767aaceff0da9cab91"
     */
    ref?: string;
}

/**
 * The PostgreSQL database. Every field is optional.
 *
 * @example
 * // The defaults, spelled out:
 * database: { engine: "rds", instanceClass: "db.t4g.micro", storageGb: 20, multiAz: false, backupRetentionDays: 7 }
 * @example
 * // Aurora Serverless v2 that pauses when idle:
 * database: { engine: "aurora-serverless", minCapacity: 0, maxCapacity: 4 }
 */
export interface DatabaseArgs {
    /** `rds` (PostgreSQL 16 on one RDS instance) or `aurora-serverless` (Aurora PostgreSQL Serverless v2). Default `rds`. */
    engine?: string;
    /** RDS instance class (`engine: rds` only). Default `db.t4g.micro`. @example "db.t4g.small" */
    instanceClass?: string;
    /** Aurora Serverless v2 minimum ACUs; 0 enables auto-pause. Default 0.5. */
    minCapacity?: number;
    /** Aurora Serverless v2 maximum ACUs. Default 4. */
    maxCapacity?: number;
    /** RDS gp3 storage in GiB (`engine: rds` only). Default 20. */
    storageGb?: number;
    /** A Multi-AZ RDS instance, or a second Aurora instance. Default false. */
    multiAz?: boolean;
    /** Days of automated backups, 1 to 35. Default 7. */
    backupRetentionDays?: number;
    /**
     * How many manual snapshots taken before migrations (one before each migration of an existing
     * database) are kept; the program deletes its older ones, never the newest. A whole number from
     * 1 to 100 (RDS's default quota of manual snapshots per region is 100). Default 3.
     */
    keepMigrationSnapshots?: number;
    /**
     * Put RDS Proxy between the API and the database (TLS required, credentials from its own
     * Secrets Manager secret). The connection budget then follows the proxy. Default false.
     */
    proxy?: boolean;
}

/**
 * The VPC. Default: a new VPC over two availability zones with private subnets and a NAT gateway.
 *
 * @example
 * // Reuse a VPC:
 * network: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-0aaa...", "subnet-0bbb..."] }
 * @example
 * // A cheaper dev VPC:
 * network: { nat: "instance" }
 */
export interface NetworkArgs {
    /** Reuse this VPC instead of creating one. Requires `privateSubnetIds`. Default: unset (a VPC is created). */
    vpcId?: string;
    /** Private subnets (two or more AZs) of `vpcId` with egress to the internet. Default: unset. */
    privateSubnetIds?: string[];
    /** Egress for a created VPC: `gateway` (a NAT gateway) or `instance` (a small NAT instance, for dev stacks). Default `gateway`. */
    nat?: string;
}

/**
 * The API function (Lambda behind API Gateway). Every field is optional.
 *
 * @example
 * api: { architecture: "arm64", memoryMb: 1024, timeoutSeconds: 30, alarmEmail: "oncall@example.com" }
 */
export interface ApiArgs {
    /** `arm64` or `x86_64`. Default `arm64`. */
    architecture?: string;
    /** Lambda memory in MB. Default 1024. */
    memoryMb?: number;
    /** Lambda timeout in seconds. Default 30. */
    timeoutSeconds?: number;
    /** Provisioned concurrency of the API function. Default 0 (none). */
    provisionedConcurrency?: number;
    /** `zip` (the built binary, no Docker needed) or `image` (Tesseral's Dockerfile, pushed to ECR). Default `zip`. */
    packaging?: string;
    /** Days the API's logs are kept; one of CloudWatch's retention periods (1, 3, 5, 7, 14, 30, 60, 90, ...). Default 30. */
    logRetentionDays?: number;
    /** API Gateway steady-state requests per second. Default 1000. */
    throttleRateLimit?: number;
    /** API Gateway burst. Default 2000. */
    throttleBurstLimit?: number;
    /** Where alarm e-mails go (an SNS topic with this subscription). Default: unset (no topic). @example "oncall@example.com" */
    alarmEmail?: string;
    /** Version of the AWS Lambda Web Adapter layer. Default 25. */
    webAdapterLayerVersion?: number;
    /**
     * Reserved concurrency of the API function. Default: the connection budget of the database
     * ((max_connections - connections kept free) / 2, at most 900); may lower it, never raise it past the budget.
     */
    reservedConcurrency?: number;
    /**
     * Pin the `live` alias to this already published version of the API function (rolling back
     * without a build). Default: unset (the alias follows the newest version that passed its health check).
     */
    rollbackTo?: number;
}

/**
 * Optional secrets Tesseral reads; each is kept secret in state and reaches the API only through
 * Secrets Manager. Every field defaults to unset (the feature stays off). In a stack, set them with
 * `pulumi config set --secret tesseral:<key> <value>`.
 *
 * @example
 * secrets: { sentryDsn: config.requireSecret("sentryDsn"), stripeApiKey: config.getSecret("stripeApiKey") }
 */
export interface SecretArgs {
    /** Stripe API key (billing). Default: unset. */
    stripeApiKey?: pulumi.Input<string>;
    /** Svix API key (webhooks). Default: unset. */
    svixApiKey?: pulumi.Input<string>;
    /**
     * Sentry DSN for the API's error reports. Default: unset. Tesseral reads it before it loads its
     * secret, so it reaches the API as a plain environment variable (an ingest key, not a credential);
     * it stays secret in Pulumi's state.
     */
    sentryDsn?: pulumi.Input<string>;
    /** Default Google OAuth client id offered to projects. Default: unset. */
    defaultGoogleOAuthClientId?: pulumi.Input<string>;
    /** Default Google OAuth client secret. Default: unset. */
    defaultGoogleOAuthClientSecret?: pulumi.Input<string>;
    /** Default Microsoft OAuth client id offered to projects. Default: unset. */
    defaultMicrosoftOAuthClientId?: pulumi.Input<string>;
    /** Default Microsoft OAuth client secret. Default: unset. */
    defaultMicrosoftOAuthClientSecret?: pulumi.Input<string>;
    /** Default GitHub OAuth client id offered to projects. Default: unset. */
    defaultGithubOAuthClientId?: pulumi.Input<string>;
    /** Default GitHub OAuth client secret. Default: unset. */
    defaultGithubOAuthClientSecret?: pulumi.Input<string>;
}

/** The names of the secret settings, as stack config keys and as `SecretArgs` fields. */
export const SECRET_KEYS = [
    "stripeApiKey",
    "svixApiKey",
    "sentryDsn",
    "defaultGoogleOAuthClientId",
    "defaultGoogleOAuthClientSecret",
    "defaultMicrosoftOAuthClientId",
    "defaultMicrosoftOAuthClientSecret",
    "defaultGithubOAuthClientId",
    "defaultGithubOAuthClientSecret",
] as const satisfies readonly (keyof SecretArgs)[];

/**
 * The arguments of the `Tesseral` component: the stack config contract of design.md (namespace
 * `tesseral`) as plain values. No unions (other than optional) and no functions, so that Python,
 * Go, C# and YAML programs can pass them after `pulumi package add`. Settings that pick one of a
 * few values (`runner`, `database.engine`, ...) are strings, checked before anything is created:
 * a bad value fails with one message naming the key, the value and what is valid.
 *
 * @example
 * // The smallest call: everything else takes its default.
 * new Tesseral("auth", { domain: "auth.example.com", rootUserEmail: "admin@example.com" });
 * @example
 * new Tesseral("auth", {
 *     domain: "id.example.org",
 *     rootUserEmail: "platform@example.org",
 *     hostedZoneId: "Z0123456789ABCDEFGHIJ",
 *     source: { path: "../tesseral" },
 *     database: { engine: "aurora-serverless", minCapacity: 0 },
 *     network: { nat: "instance" },
 *     runner: "local",
 *     protect: false,
 * });
 */
export interface TesseralArgs {
    /** Base domain; every host name below derives from it. Required. @example "auth.example.com" */
    domain: string;
    /** E-mail of the first console user, created by bootstrap. Required. @example "admin@example.com" */
    rootUserEmail: string;
    /** The console's host name. Default `console.<domain>`. @example "console.auth.example.com" */
    consoleDomain?: string;
    /** The console's own vault. Default `vault.<consoleDomain>`; must be a sub-domain of `consoleDomain`. */
    vaultDomain?: string;
    /** Projects' vaults live at `project-<id>.<authAppsRootDomain>`. Default `vaults.<domain>`. */
    authAppsRootDomain?: string;
    /** The backend API's host name. Default `api.<domain>`. */
    backendApiDomain?: string;
    /** The config API's host name. Default `config.<domain>`. */
    configApiDomain?: string;
    /** The user-content (logos) host name. Default `usercontent.<domain>`. */
    userContentDomain?: string;
    /** Where Tesseral's source comes from. Default: the public repository at the pinned commit. */
    source?: SourceArgs;
    /**
     * Route 53 hosted zone for the DNS records and certificate validation. Default: unset; the
     * `dnsRecords` output then lists the records to create elsewhere. @example "Z0123456789ABCDEFGHIJ"
     */
    hostedZoneId?: string;
    /** The PostgreSQL database. Default: RDS PostgreSQL 16, `db.t4g.micro`, 20 GiB, single-AZ, 7 days of backups. */
    database?: DatabaseArgs;
    /** The VPC. Default: a new VPC (two AZs, private subnets, NAT gateway). */
    network?: NetworkArgs;
    /** The API function. Default: arm64, 1024 MB, 30 s, zip packaging. */
    api?: ApiArgs;
    /**
     * Where migrate and bootstrap run: `lambda` (a small function inside the VPC) or `local` (the
     * deploying machine, which must reach the database on 5432). Default `lambda`.
     */
    runner?: string;
    /**
     * Adopt a database bootstrapped before: its dogfood project id (`project_` and 25 characters of
     * 0-9a-z). Bootstrap is then skipped. Default: unset. @example "project_0123456789abcdefghijklmno"
     */
    dogfoodProjectId?: string;
    /**
     * Redirect URI of the default Google OAuth client (`secrets.defaultGoogleOAuthClientId`); needed
     * with the client id and secret. Default: unset. @example "https://vault.console.auth.example.com/google-oauth-callback"
     */
    defaultGoogleOAuthRedirectUri?: string;
    /** Redirect URI of the default Microsoft OAuth client; needed with its id and secret. Default: unset. */
    defaultMicrosoftOAuthRedirectUri?: string;
    /** Redirect URI of the default GitHub OAuth client; needed with its id and secret. Default: unset. */
    defaultGithubOAuthRedirectUri?: string;
    /** Keep data (database, keys, user content, API secret) on destroy and turn on deletion protection. Default true. */
    protect?: boolean;
    /** Optional secrets (Stripe, Svix, Sentry, default OAuth clients). Default: none. */
    secrets?: SecretArgs;
}

/** Validated settings with every default filled in. */
export interface Settings {
    domain: string;
    rootUserEmail: string;
    consoleDomain: string;
    vaultDomain: string;
    authAppsRootDomain: string;
    backendApiDomain: string;
    configApiDomain: string;
    userContentDomain: string;
    source: { kind: "path"; path: string } | { kind: "git"; git: string; ref: string };
    hostedZoneId: string | undefined;
    database: {
        engine: DatabaseEngine;
        instanceClass: string;
        minCapacity: number;
        maxCapacity: number;
        storageGb: number;
        multiAz: boolean;
        backupRetentionDays: number;
        keepMigrationSnapshots: number;
        proxy: boolean;
    };
    network: { vpcId: string | undefined; privateSubnetIds: string[]; nat: NatKind };
    api: {
        architecture: Architecture;
        memoryMb: number;
        timeoutSeconds: number;
        provisionedConcurrency: number;
        packaging: Packaging;
        logRetentionDays: number;
        throttleRateLimit: number;
        throttleBurstLimit: number;
        alarmEmail: string | undefined;
        webAdapterLayerVersion: number;
        reservedConcurrency: number;
        rollbackTo: number | undefined;
    };
    runner: RunnerKind;
    dogfoodProjectId: string | undefined;
    /** Redirect URIs of the default OAuth clients that are configured (plain settings of the API). */
    defaultOAuthRedirectUris: Partial<Record<OAuthProvider, string>>;
    protect: boolean;
    secrets: SecretArgs;
}

/** The providers Tesseral offers default OAuth clients for. */
export const OAUTH_PROVIDERS = ["Google", "Microsoft", "Github"] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];
