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
export const DEFAULT_WEB_ADAPTER_LAYER_VERSION = 25;

export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];
export type NatKind = (typeof NAT_KINDS)[number];
export type Architecture = (typeof ARCHITECTURES)[number];
export type RunnerKind = (typeof RUNNERS)[number];
export type Packaging = (typeof PACKAGINGS)[number];

/** Where Tesseral's source comes from. Set `path` or `git` (with an optional `ref`), not both. */
export interface SourceArgs {
    /** A local checkout (relative to the Pulumi project or absolute). Must hold `go.mod`. */
    path?: string;
    /** A git remote. Default: the public Tesseral repository. */
    git?: string;
    /** Commit, tag or branch of `git`. Default: the pinned commit when `git` is the default remote. */
    ref?: string;
}

export interface DatabaseArgs {
    /** `rds` (default) or `aurora-serverless`. */
    engine?: string;
    /** RDS instance class. Default `db.t4g.micro`. */
    instanceClass?: string;
    /** Aurora Serverless v2 minimum ACUs; 0 enables auto-pause. Default 0.5. */
    minCapacity?: number;
    /** Aurora Serverless v2 maximum ACUs. Default 4. */
    maxCapacity?: number;
    /** RDS gp3 storage in GiB. Default 20. */
    storageGb?: number;
    /** Multi-AZ RDS instance or a second Aurora instance. Default false. */
    multiAz?: boolean;
    /** Days of automated backups. Default 7. */
    backupRetentionDays?: number;
}

export interface NetworkArgs {
    /** Reuse this VPC instead of creating one. Requires `privateSubnetIds`. */
    vpcId?: string;
    /** Private subnets (two or more AZs) of `vpcId` with egress to the internet. */
    privateSubnetIds?: string[];
    /** Egress for a created VPC: `gateway` (default, NAT gateway) or `instance` (a small NAT instance). */
    nat?: string;
}

export interface ApiArgs {
    /** `arm64` (default) or `x86_64`. */
    architecture?: string;
    /** Lambda memory in MB. Default 1024. */
    memoryMb?: number;
    /** Lambda timeout in seconds. Default 30. */
    timeoutSeconds?: number;
    /** Provisioned concurrency of the API function. Default 0 (none). */
    provisionedConcurrency?: number;
    /** `zip` (default: the built binary, no Docker needed) or `image` (Tesseral's Dockerfile, pushed to ECR). */
    packaging?: string;
    /** Days the API's logs are kept. Default 30. */
    logRetentionDays?: number;
    /** API Gateway steady-state requests per second. Default 1000. */
    throttleRateLimit?: number;
    /** API Gateway burst. Default 2000. */
    throttleBurstLimit?: number;
    /** Where alarm e-mails go (an SNS topic with this subscription). Default: no topic. */
    alarmEmail?: string;
    /** Version of the AWS Lambda Web Adapter layer. Default 25. */
    webAdapterLayerVersion?: number;
}

/** Optional secrets Tesseral reads; each is kept secret in state and reaches the API only through Secrets Manager. */
export interface SecretArgs {
    stripeApiKey?: pulumi.Input<string>;
    svixApiKey?: pulumi.Input<string>;
    sentryDsn?: pulumi.Input<string>;
    defaultGoogleOAuthClientId?: pulumi.Input<string>;
    defaultGoogleOAuthClientSecret?: pulumi.Input<string>;
    defaultMicrosoftOAuthClientId?: pulumi.Input<string>;
    defaultMicrosoftOAuthClientSecret?: pulumi.Input<string>;
    defaultGithubOAuthClientId?: pulumi.Input<string>;
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
 * The stack config contract of design.md (namespace `tesseral`), as component arguments.
 * Plain values only (no unions, no functions) so that other languages can pass them.
 */
export interface TesseralArgs {
    /** Base domain, e.g. `auth.example.com`. Required. */
    domain: string;
    /** E-mail of the first console user, created by bootstrap. Required. */
    rootUserEmail: string;
    /** Default `console.<domain>`. */
    consoleDomain?: string;
    /** Default `vault.<consoleDomain>`; must end with `.<consoleDomain>`. */
    vaultDomain?: string;
    /** Default `vaults.<domain>`: projects get `project-<id>.<authAppsRootDomain>`. */
    authAppsRootDomain?: string;
    /** Default `api.<domain>`. */
    backendApiDomain?: string;
    /** Default `config.<domain>`. */
    configApiDomain?: string;
    /** Default `usercontent.<domain>`. */
    userContentDomain?: string;
    /** Default: the public repository at the pinned commit. */
    source?: SourceArgs;
    /** Route 53 hosted zone for records and certificate validation. Default: none (records are output). */
    hostedZoneId?: string;
    database?: DatabaseArgs;
    network?: NetworkArgs;
    api?: ApiArgs;
    /** Where migrate and bootstrap run: `lambda` (default, inside the VPC) or `local` (this machine). */
    runner?: string;
    /** Adopt a database bootstrapped before: its dogfood project id. Bootstrap is then skipped. */
    dogfoodProjectId?: string;
    /** Keep data on destroy and turn on deletion protection. Default true. */
    protect?: boolean;
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
    };
    runner: RunnerKind;
    dogfoodProjectId: string | undefined;
    protect: boolean;
    secrets: SecretArgs;
}
