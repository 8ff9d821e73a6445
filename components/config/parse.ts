import { connectionBudget, describeBudget, KNOWN_INSTANCE_FAMILIES, MAX_RESERVED_CONCURRENCY, POOL_MAX_CONNS, RESERVED_CONNECTIONS } from "./capacity";
import { WEB_ADAPTER_RELEASES, webAdapterImage } from "../api/adapter";
import { ConfigError } from "./errors";
import { isDomainName, isEmailAddress, isGitRef, isGitUrl, isProjectId, isSubdomainOf } from "./rules";
import {
    ARCHITECTURES, DATABASE_ENGINES, DEFAULT_SOURCE_GIT, DEFAULT_SOURCE_REF, DEFAULT_WEB_ADAPTER_LAYER_VERSION,
    LOG_RETENTION_DAYS, NAT_KINDS, OAUTH_PROVIDERS, OAuthProvider, PACKAGINGS, RUNNERS,
    SECRET_KEYS, SecretArgs, Settings, TesseralArgs,
} from "./settings";

/** What validation may ask of the outside world (injected so the parser stays pure in tests). */
export interface ParseEnvironment {
    /** Whether a file exists; used for `source.path`/go.mod. */
    fileExists(path: string): boolean;
}

/** Every key of the contract, as the stack config spells it (nested keys as `database.engine`). */
export function contractKeys(): string[] {
    return [
        ...TOP_KEYS.filter((k) => !["source", "database", "network", "api", "secrets"].includes(k)),
        ...SOURCE_KEYS.map((k) => `source.${k}`), ...DATABASE_KEYS.map((k) => `database.${k}`),
        ...NETWORK_KEYS.map((k) => `network.${k}`), ...API_KEYS.map((k) => `api.${k}`), ...SECRET_KEYS,
    ];
}

const TOP_KEYS = [
    "domain", "rootUserEmail", "consoleDomain", "vaultDomain", "authAppsRootDomain", "backendApiDomain",
    "configApiDomain", "userContentDomain", "source", "hostedZoneId", "database", "network", "api", "runner",
    "dogfoodProjectId", "defaultGoogleOAuthRedirectUri", "defaultMicrosoftOAuthRedirectUri", "defaultGithubOAuthRedirectUri",
    "protect", "secrets",
];
const SOURCE_KEYS = ["path", "git", "ref"];
const DATABASE_KEYS = ["engine", "instanceClass", "minCapacity", "maxCapacity", "storageGb", "multiAz", "backupRetentionDays", "keepMigrationSnapshots", "proxy"];
const NETWORK_KEYS = ["vpcId", "privateSubnetIds", "nat"];
const API_KEYS = [
    "architecture", "memoryMb", "timeoutSeconds", "provisionedConcurrency", "packaging", "logRetentionDays",
    "throttleRateLimit", "throttleBurstLimit", "alarmEmail", "webAdapterLayerVersion",
    "reservedConcurrency", "rollbackTo",
];

/**
 * Validates the stack config contract and fills in every default. Throws one ConfigError, naming
 * the key, the value and what is valid, for the first bad value; nothing is created before this.
 */
export function parseSettings(args: TesseralArgs, env: ParseEnvironment): Settings {
    const raw = asObject("", args) ?? {};
    rejectUnknownKeys("", raw, [...TOP_KEYS]);

    const domain = requiredDomain(raw, "domain");
    const rootUserEmail = requiredString(raw, "rootUserEmail", "an e-mail address such as admin@example.com");
    if (!isEmailAddress(rootUserEmail)) {
        throw new ConfigError("rootUserEmail", rootUserEmail, "an e-mail address such as admin@example.com");
    }

    const consoleDomain = optionalDomain(raw, "consoleDomain") ?? `console.${domain}`;
    const vaultDomain = optionalDomain(raw, "vaultDomain") ?? `vault.${consoleDomain}`;
    if (!isSubdomainOf(vaultDomain, consoleDomain)) {
        throw new ConfigError("vaultDomain", vaultDomain,
            `a sub-domain of consoleDomain "${consoleDomain}", e.g. "vault.${consoleDomain}" (Tesseral's bootstrap requires it)`);
    }
    const hosts = {
        consoleDomain,
        vaultDomain,
        authAppsRootDomain: optionalDomain(raw, "authAppsRootDomain") ?? `vaults.${domain}`,
        backendApiDomain: optionalDomain(raw, "backendApiDomain") ?? `api.${domain}`,
        configApiDomain: optionalDomain(raw, "configApiDomain") ?? `config.${domain}`,
        userContentDomain: optionalDomain(raw, "userContentDomain") ?? `usercontent.${domain}`,
    };
    checkDistinctHosts(hosts);
    const database = parseDatabase(raw.database);

    return {
        domain,
        rootUserEmail,
        ...hosts,
        source: parseSource(raw.source, env),
        hostedZoneId: optionalMatch(raw, "hostedZoneId", /^Z[A-Z0-9]{1,31}$/, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ"),
        database,
        network: parseNetwork(raw.network),
        api: withConnectionBudget(parseApi(raw.api), database, raw.api),
        runner: oneOf("runner", raw.runner, RUNNERS, "lambda"),
        dogfoodProjectId: optionalMatchFn(raw, "dogfoodProjectId", isProjectId,
            "the project id bootstrap printed: project_ followed by 25 characters of 0-9a-z"),
        ...parseSecretsAndOAuth(raw),
        protect: bool("protect", raw.protect, true),
    };
}

/**
 * The optional secrets, and the default OAuth clients' redirect URIs: a default client is its id,
 * its secret and its redirect URI together, or none of them (Tesseral offers a client that lacks one
 * and fails when a user picks it).
 */
function parseSecretsAndOAuth(raw: Record<string, unknown>): Pick<Settings, "secrets" | "defaultOAuthRedirectUris"> {
    const secrets = parseSecrets(raw.secrets);
    const defaultOAuthRedirectUris: Partial<Record<OAuthProvider, string>> = {};
    for (const provider of OAUTH_PROVIDERS) {
        const uriKey = `default${provider}OAuthRedirectUri`;
        const uri = optionalMatchFn(raw, uriKey, (v) => /^https:\/\/[^\s/]+(\/\S*)?$/.test(v), "an https:// URL");
        const idKey = `default${provider}OAuthClientId` as keyof SecretArgs;
        const secretKey = `default${provider}OAuthClientSecret` as keyof SecretArgs;
        const given = { [idKey]: secrets[idKey] !== undefined, [secretKey]: secrets[secretKey] !== undefined, [uriKey]: uri !== undefined };
        const missing = Object.keys(given).filter((k) => !given[k]);
        if (missing.length > 0 && missing.length < 3) {
            const first = missing.includes(uriKey) ? uriKey : missing[0];
            throw new ConfigError(first, first === uriKey ? uri : undefined,
                `the default ${provider} OAuth client needs ${idKey}, ${secretKey} (both secrets) and ${uriKey} together; missing: ${missing.join(", ")}`);
        }
        if (uri !== undefined) defaultOAuthRedirectUris[provider] = uri;
    }
    return { secrets, defaultOAuthRedirectUris };
}

function parseSource(value: unknown, env: ParseEnvironment): Settings["source"] {
    if (value === undefined || value === null) {
        return { kind: "git", git: DEFAULT_SOURCE_GIT, ref: DEFAULT_SOURCE_REF };
    }
    const source = asObject("source", value);
    if (!source) throw new ConfigError("source", value, "a map with either path or git (and ref)");
    rejectUnknownKeys("source", source, SOURCE_KEYS);
    const hasPath = source.path !== undefined;
    const hasGit = source.git !== undefined;
    if (hasPath === hasGit) {
        throw new ConfigError("source", value,
            "a map with exactly one of path (a local checkout) or git (a remote, with an optional ref)");
    }
    if (hasPath) {
        if (typeof source.path !== "string" || source.path.trim() === "") {
            throw new ConfigError("source.path", source.path, "the path of a local Tesseral checkout");
        }
        if (source.ref !== undefined) {
            throw new ConfigError("source.ref", source.ref, "no ref with source.path (a ref only applies to source.git)");
        }
        const goMod = `${source.path.replace(/\/+$/, "")}/go.mod`;
        if (!env.fileExists(goMod)) {
            throw new ConfigError("source.path", source.path, `a Tesseral checkout: ${goMod} does not exist`);
        }
        return { kind: "path", path: source.path };
    }
    if (typeof source.git !== "string" || !isGitUrl(source.git)) {
        throw new ConfigError("source.git", source.git, "a git remote URL (https://, ssh://, file:// or user@host:path)");
    }
    if (source.ref === undefined) {
        if (source.git !== DEFAULT_SOURCE_GIT) {
            throw new ConfigError("source.ref", undefined, `a commit, tag or branch of ${source.git} (required for a non-default remote)`);
        }
        return { kind: "git", git: source.git, ref: DEFAULT_SOURCE_REF };
    }
    if (typeof source.ref !== "string" || !isGitRef(source.ref)) {
        throw new ConfigError("source.ref", source.ref, "a commit SHA, tag or branch name (letters, digits, . _ / -)");
    }
    return { kind: "git", git: source.git, ref: source.ref };
}

function parseDatabase(value: unknown): Settings["database"] {
    const db = asObject("database", value) ?? {};
    rejectUnknownKeys("database", db, DATABASE_KEYS);
    const minCapacity = num("database.minCapacity", db.minCapacity, 0.5, { min: 0, max: 256, step: 0.5 });
    const maxCapacity = num("database.maxCapacity", db.maxCapacity, Math.max(4, minCapacity), { min: 1, max: 256, step: 0.5 });
    if (maxCapacity < minCapacity) {
        throw new ConfigError("database.maxCapacity", maxCapacity, `a number of ACUs at least database.minCapacity (${minCapacity})`);
    }
    const instanceClass = db.instanceClass ?? "db.t4g.micro";
    if (typeof instanceClass !== "string" || !/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(instanceClass)) {
        throw new ConfigError("database.instanceClass", instanceClass, "an RDS instance class such as db.t4g.micro or db.r7g.large");
    }
    const engine = oneOf("database.engine", db.engine, DATABASE_ENGINES, "rds");
    const proxy = bool("database.proxy", db.proxy, false);
    if (proxy && engine === "aurora-serverless" && minCapacity === 0) {
        throw new ConfigError("database.proxy", db.proxy,
            "false while database.minCapacity is 0: RDS Proxy keeps connections open, so the cluster would never auto-pause (and the proxy bills at least 8 ACUs); set database.minCapacity to 0.5 or more to use the proxy");
    }
    return {
        engine,
        instanceClass,
        minCapacity,
        maxCapacity,
        storageGb: num("database.storageGb", db.storageGb, 20, { min: 20, max: 65536, step: 1 }),
        multiAz: bool("database.multiAz", db.multiAz, false),
        backupRetentionDays: num("database.backupRetentionDays", db.backupRetentionDays, 7, { min: 1, max: 35, step: 1 }),
        keepMigrationSnapshots: num("database.keepMigrationSnapshots", db.keepMigrationSnapshots, 3, { min: 1, max: 100, step: 1 }),
        proxy,
    };
}

function parseNetwork(value: unknown): Settings["network"] {
    const network = asObject("network", value) ?? {};
    rejectUnknownKeys("network", network, NETWORK_KEYS);
    const vpcId = network.vpcId;
    if (vpcId !== undefined && (typeof vpcId !== "string" || !/^vpc-[0-9a-f]{8,17}$/.test(vpcId))) {
        throw new ConfigError("network.vpcId", vpcId, "a VPC id such as vpc-0123456789abcdef0");
    }
    const subnets = network.privateSubnetIds;
    let privateSubnetIds: string[] = [];
    if (subnets !== undefined) {
        if (vpcId === undefined) {
            throw new ConfigError("network.privateSubnetIds", subnets, "unset unless network.vpcId is set (subnets of that VPC)");
        }
        if (!Array.isArray(subnets) || subnets.length < 2 ||
            !subnets.every((s) => typeof s === "string" && /^subnet-[0-9a-f]{8,17}$/.test(s)) ||
            new Set(subnets).size !== subnets.length) {
            throw new ConfigError("network.privateSubnetIds", subnets,
                "a list of two or more distinct subnet ids (subnet-...) in at least two availability zones");
        }
        privateSubnetIds = subnets as string[];
    } else if (vpcId !== undefined) {
        throw new ConfigError("network.privateSubnetIds", undefined, "two or more private subnet ids of network.vpcId");
    }
    return { vpcId: vpcId as string | undefined, privateSubnetIds, nat: oneOf("network.nat", network.nat, NAT_KINDS, "gateway") };
}

function parseApi(value: unknown): Omit<Settings["api"], "reservedConcurrency"> {
    const api = asObject("api", value) ?? {};
    rejectUnknownKeys("api", api, API_KEYS);
    const parsed = parseApiValues(api);
    if (parsed.packaging === "image" && webAdapterImage(parsed.webAdapterLayerVersion) === undefined) {
        throw new ConfigError("api.webAdapterLayerVersion", api.webAdapterLayerVersion,
            `with api.packaging "image", a layer version whose adapter image is known, so the image carries the same adapter as the layer: ${Object.entries(WEB_ADAPTER_RELEASES).map(([v, r]) => `${v} (adapter ${r})`).join(", ")}`);
    }
    return parsed;
}

function parseApiValues(api: Record<string, unknown>): Omit<Settings["api"], "reservedConcurrency"> {
    return {
        architecture: oneOf("api.architecture", api.architecture, ARCHITECTURES, "arm64"),
        memoryMb: num("api.memoryMb", api.memoryMb, 1024, { min: 128, max: 10240, step: 1 }),
        timeoutSeconds: num("api.timeoutSeconds", api.timeoutSeconds, 30, { min: 1, max: 900, step: 1 }),
        provisionedConcurrency: num("api.provisionedConcurrency", api.provisionedConcurrency, 0, { min: 0, max: 1000, step: 1 }),
        packaging: oneOf("api.packaging", api.packaging, PACKAGINGS, "zip"),
        logRetentionDays: logRetention(api.logRetentionDays),
        throttleRateLimit: num("api.throttleRateLimit", api.throttleRateLimit, 1000, { min: 1, max: 100000, step: 1 }),
        throttleBurstLimit: num("api.throttleBurstLimit", api.throttleBurstLimit, 2000, { min: 1, max: 100000, step: 1 }),
        alarmEmail: optionalMatchFn(api, "api.alarmEmail", isEmailAddress, "an e-mail address for alarm notifications"),
        webAdapterLayerVersion: num("api.webAdapterLayerVersion", api.webAdapterLayerVersion, DEFAULT_WEB_ADAPTER_LAYER_VERSION, { min: 1, max: 1000, step: 1 }),
        rollbackTo: api.rollbackTo === undefined ? undefined : num("api.rollbackTo", api.rollbackTo, 1, { min: 1, max: 1000000, step: 1 }),
    };
}

/**
 * Reserved concurrency from the connection budget: the budget by default; a configured value may
 * lower it, never raise it past the budget. Provisioned concurrency must fit inside it.
 */
function withConnectionBudget(api: Omit<Settings["api"], "reservedConcurrency">, database: Settings["database"], rawApi: unknown): Settings["api"] {
    const configured = (asObject("api", rawApi) ?? {}).reservedConcurrency;
    const budget = connectionBudget(database);
    let reservedConcurrency: number;
    if (budget === undefined) {
        if (configured === undefined) {
            throw new ConfigError("database.instanceClass", database.instanceClass,
                `a class whose memory the connection budget knows (${KNOWN_INSTANCE_FAMILIES}), or set api.reservedConcurrency to at most (max_connections - ${Object.values(RESERVED_CONNECTIONS).reduce((a, b) => a + b, 0)}) / ${POOL_MAX_CONNS}`);
        }
        reservedConcurrency = num("api.reservedConcurrency", configured, 1, { min: 1, max: MAX_RESERVED_CONCURRENCY, step: 1 });
    } else {
        reservedConcurrency = num("api.reservedConcurrency", configured, budget.maxConcurrency, { min: 1, max: 100000, step: 1 });
        if (reservedConcurrency > budget.maxConcurrency) {
            throw new ConfigError("api.reservedConcurrency", configured,
                `a whole number from 1 to ${budget.maxConcurrency}, the connection budget of this database (${describeBudget(budget)}); for more, choose a larger database`);
        }
    }
    if (api.provisionedConcurrency > reservedConcurrency) {
        throw new ConfigError("api.provisionedConcurrency", api.provisionedConcurrency,
            `a whole number from 0 to ${reservedConcurrency} (api.reservedConcurrency, the connection budget)`);
    }
    return { ...api, reservedConcurrency };
}

function logRetention(v: unknown): number {
    const n = num("api.logRetentionDays", v, 30, { min: 1, max: 3653, step: 1 });
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(n)) {
        throw new ConfigError("api.logRetentionDays", v, `one of ${LOG_RETENTION_DAYS.join(", ")} (CloudWatch Logs retention periods; default 30)`);
    }
    return n;
}

function parseSecrets(value: unknown): Settings["secrets"] {
    const secrets = asObject("secrets", value) ?? {};
    rejectUnknownKeys("secrets", secrets, [...SECRET_KEYS]);
    return secrets as Settings["secrets"];
}

// ---- small helpers; each throws a ConfigError naming key, value and what is valid ----

function asObject(key: string, value: unknown): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) {
        throw new ConfigError(key || "(root)", value, "a YAML map");
    }
    return value as Record<string, unknown>;
}

function rejectUnknownKeys(prefix: string, obj: Record<string, unknown>, known: readonly string[]): void {
    for (const k of Object.keys(obj)) {
        if (!known.includes(k)) {
            const key = prefix ? `${prefix}.${k}` : k;
            throw new ConfigError(key, obj[k], `a known setting; ${prefix ? `${prefix} takes` : "valid keys are"} ${known.join(", ")}`);
        }
    }
}

function requiredString(raw: Record<string, unknown>, key: string, expected: string): string {
    const v = raw[key];
    if (typeof v !== "string" || v.trim() === "") throw new ConfigError(key, v, expected);
    return v.trim();
}

function requiredDomain(raw: Record<string, unknown>, key: string): string {
    const v = requiredString(raw, key, "a DNS name such as auth.example.com");
    return domainValue(key, v);
}

function optionalDomain(raw: Record<string, unknown>, key: string): string | undefined {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string") throw new ConfigError(key, v, "a DNS name such as auth.example.com");
    return domainValue(key, v.trim());
}

function domainValue(key: string, v: string): string {
    const lower = v.toLowerCase();
    if (!isDomainName(lower)) {
        throw new ConfigError(key, v, "a DNS name of two or more labels of letters, digits and hyphens, such as auth.example.com");
    }
    return lower;
}

function optionalMatch(raw: Record<string, unknown>, key: string, re: RegExp, expected: string): string | undefined {
    return optionalMatchFn(raw, key, (s) => re.test(s), expected);
}

function optionalMatchFn(raw: Record<string, unknown>, key: string, ok: (s: string) => boolean, expected: string): string | undefined {
    const v = raw[key.includes(".") ? key.slice(key.lastIndexOf(".") + 1) : key];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || !ok(v)) throw new ConfigError(key, v, expected);
    return v;
}

function oneOf<T extends string>(key: string, v: unknown, allowed: readonly T[], dflt: T): T {
    if (v === undefined) return dflt;
    if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
        throw new ConfigError(key, v, `one of ${allowed.join(", ")} (default ${dflt})`);
    }
    return v as T;
}

function bool(key: string, v: unknown, dflt: boolean): boolean {
    if (v === undefined) return dflt;
    if (typeof v === "boolean") return v;
    if (v === "true" || v === "false") return v === "true";
    throw new ConfigError(key, v, `true or false (default ${dflt})`);
}

function num(key: string, v: unknown, dflt: number, range: { min: number; max: number; step: number }): number {
    if (v === undefined) return dflt;
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isFinite(n) || n < range.min || n > range.max ||
        Math.abs(n / range.step - Math.round(n / range.step)) > 1e-9) {
        const step = range.step === 1 ? "a whole number" : `a multiple of ${range.step}`;
        throw new ConfigError(key, v, `${step} from ${range.min} to ${range.max} (default ${dflt})`);
    }
    return n;
}

function checkDistinctHosts(hosts: Record<string, string>): void {
    const seen = new Map<string, string>();
    for (const [key, host] of Object.entries(hosts)) {
        const other = seen.get(host);
        if (other) throw new ConfigError(key, host, `a host name different from ${other} (each host is served by its own route)`);
        seen.set(host, key);
    }
    const wildcardRoot = hosts.authAppsRootDomain;
    for (const [key, host] of Object.entries(hosts)) {
        if (key !== "authAppsRootDomain" && isSubdomainOf(host, wildcardRoot) && host.split(".").length === wildcardRoot.split(".").length + 1) {
            throw new ConfigError(key, host, `a host outside *.${wildcardRoot}, which belongs to the project vaults`);
        }
    }
}
