/**
 * The connection budget: how many API instances may run at once without exhausting PostgreSQL.
 *
 * Each Lambda instance serves one request at a time, so its pgx pool needs at most
 * `POOL_MAX_CONNS` connections. The database's `max_connections` minus the room kept for
 * superusers, migrate, the ops function and an operator, divided by the pool size, is the
 * function's reserved concurrency. Pure; `npm run plan` prints it.
 */

/** pgx pool size per API instance (one request at a time; one spare for a concurrent query). */
export const POOL_MAX_CONNS = 2;
/** Idle pooled connections close after this, so frozen instances do not hold slots long. */
export const POOL_MAX_CONN_IDLE_TIME = "1m";
/**
 * Connections kept free for others: RDS's superuser_reserved_connections (3), bootstrap's pgx
 * pool in the ops function (pgx default: max(4, CPUs) = 4), migrate (golang-migrate's database/sql:
 * 2) and an operator's psql session or two (5).
 */
export const RESERVED_CONNECTIONS = { superuser: 3, opsFunction: 4, migrate: 2, operator: 5 } as const;
/** Lambda keeps 100 of the default account limit (1000) unreserved, so one function reserves at most 900. */
export const MAX_RESERVED_CONCURRENCY = 900;
/** RDS: max_connections = LEAST({DBInstanceClassMemory/9531392}, 5000). */
export const RDS_BYTES_PER_CONNECTION = 9531392;
/**
 * DBInstanceClassMemory is the class's memory minus what the OS and RDS processes keep; 0.75 of
 * the nominal memory is a lower estimate (db.t4g.micro: 84, observed 81-87).
 */
export const RDS_MEMORY_FACTOR = 0.75;

const GIB = 1024 * 1024 * 1024;
/** Memory in GiB of the burstable and general-purpose sizes; memory-optimised (r*) classes have twice as much. */
const SIZE_GIB: Record<string, number> = {
    micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32, "4xlarge": 64, "8xlarge": 128,
    "12xlarge": 192, "16xlarge": 256, "24xlarge": 384,
};
const FAMILY = /^db\.(t3|t4g|m5|m6g|m6i|m7g|m7i|m8g|r5|r6g|r6i|r7g|r7i|r8g)\.([0-9]*x?large|micro|small|medium)$/;

/** Memory of an RDS instance class in GiB, or undefined for a class this table does not know. */
export function instanceClassMemoryGib(instanceClass: string): number | undefined {
    const m = FAMILY.exec(instanceClass);
    if (!m) return undefined;
    const [, family, size] = m;
    const base = SIZE_GIB[size];
    if (base === undefined) return undefined;
    if (family.startsWith("t")) return ["micro", "small", "medium", "large", "xlarge", "2xlarge"].includes(size) ? base : undefined;
    if (["micro", "small", "medium"].includes(size)) return undefined;
    return family.startsWith("r") ? base * 2 : base;
}

/** The instance classes `instanceClassMemoryGib` knows, for error messages. */
export const KNOWN_INSTANCE_FAMILIES = "db.t3/t4g (micro to 2xlarge), db.m5/m6g/m6i/m7g/m7i/m8g and db.r5/r6g/r6i/r7g/r7i/r8g (large to 24xlarge)";

/** RDS PostgreSQL's default max_connections for a class (lower estimate). */
export function rdsMaxConnections(instanceClass: string): number | undefined {
    const gib = instanceClassMemoryGib(instanceClass);
    if (gib === undefined) return undefined;
    return Math.min(Math.floor((gib * GIB * RDS_MEMORY_FACTOR) / RDS_BYTES_PER_CONNECTION), 5000);
}

/**
 * Aurora Serverless v2 PostgreSQL: max_connections follows the maximum ACUs (about 189 per ACU
 * observed at 1 ACU, 3,360 at 16), capped at 2,000 when the minimum is 0 or 0.5 ACU and at 5,000
 * otherwise. 189 per ACU is the lower estimate.
 */
export function auroraMaxConnections(minCapacity: number, maxCapacity: number): number {
    const cap = minCapacity <= 0.5 ? 2000 : 5000;
    return Math.min(Math.floor(189 * maxCapacity), cap);
}

export interface DatabaseShape {
    engine: "rds" | "aurora-serverless";
    instanceClass: string;
    minCapacity: number;
    maxCapacity: number;
    /** RDS Proxy between the API and the database (`database.proxy`). Default false. */
    proxy?: boolean;
}

/**
 * With RDS Proxy, database connections an API instance needs: one. The proxy lends a database
 * connection per transaction (multiplexing, the Extended Query Protocol included since 2023), and
 * an instance serves one request, i.e. runs one transaction, at a time. A pinned session (SET,
 * advisory locks, temporary tables, ...) keeps its connection; then requests beyond the pool wait
 * at the proxy up to PROXY_BORROW_TIMEOUT_SECONDS instead of failing with "too many clients".
 */
export const PROXY_CONNECTIONS_PER_INSTANCE = 1;
/** How long a request waits at the proxy for a database connection before it fails. */
export const PROXY_BORROW_TIMEOUT_SECONDS = 10;

/** What the proxy may open: MaxConnectionsPercent of max_connections, leaving the reserved room free. */
export interface ProxyBudget {
    /** The target group's MaxConnectionsPercent (1-100). */
    maxConnectionsPercent: number;
    /** The database connections the proxy may hold: floor(max_connections × percent / 100). */
    poolConnections: number;
}

/** The proxy's share of a database's connections: all but the reserved ones. Pure. */
export function proxyBudget(maxConnections: number, reserved: number): ProxyBudget {
    const maxConnectionsPercent = Math.min(100, Math.max(1, Math.floor((100 * (maxConnections - reserved)) / maxConnections)));
    return { maxConnectionsPercent, poolConnections: Math.floor((maxConnections * maxConnectionsPercent) / 100) };
}

export interface ConnectionBudget {
    /** The database's max_connections (estimate). */
    maxConnections: number;
    /** Connections kept for others. */
    reserved: number;
    /** pgx pool size per API instance. */
    poolSize: number;
    /** The highest reserved concurrency the database allows (capped by MAX_RESERVED_CONCURRENCY). */
    maxConcurrency: number;
    /** With `database.proxy`: the proxy's pool, which the concurrency follows. */
    proxy?: ProxyBudget;
}

/** The budget of a database shape; undefined when the RDS class is unknown. */
export function connectionBudget(db: DatabaseShape): ConnectionBudget | undefined {
    const maxConnections = db.engine === "rds" ? rdsMaxConnections(db.instanceClass) : auroraMaxConnections(db.minCapacity, db.maxCapacity);
    if (maxConnections === undefined) return undefined;
    const reserved = Object.values(RESERVED_CONNECTIONS).reduce((a, b) => a + b, 0);
    if (db.proxy) {
        const proxy = proxyBudget(maxConnections, reserved);
        const maxConcurrency = Math.min(Math.max(Math.floor(proxy.poolConnections / PROXY_CONNECTIONS_PER_INSTANCE), 1), MAX_RESERVED_CONCURRENCY);
        return { maxConnections, reserved, poolSize: POOL_MAX_CONNS, maxConcurrency, proxy };
    }
    const maxConcurrency = Math.min(Math.max(Math.floor((maxConnections - reserved) / POOL_MAX_CONNS), 1), MAX_RESERVED_CONCURRENCY);
    return { maxConnections, reserved, poolSize: POOL_MAX_CONNS, maxConcurrency };
}

/** How a budget was reached, for messages and the plan. Pure. */
export function describeBudget(b: ConnectionBudget): string {
    return b.proxy
        ? `RDS Proxy pool ${b.proxy.poolConnections} (${b.proxy.maxConnectionsPercent}% of max_connections ${b.maxConnections}, ${b.reserved} kept free) / ${PROXY_CONNECTIONS_PER_INSTANCE} per instance = ${b.maxConcurrency}`
        : `(max_connections ${b.maxConnections} - ${b.reserved} kept free) / ${b.poolSize} per instance = ${b.maxConcurrency}`;
}

/** Requests per second a concurrency allows at a given mean latency. */
export function throughputPerSecond(concurrency: number, meanLatencyMs: number): number {
    return Math.floor((concurrency * 1000) / meanLatencyMs);
}

/** The API's DSN with the pool limits (pgx reads `pool_*` parameters; they never reach the server). */
export function withPoolLimits(dsn: string): string {
    const url = new URL(dsn);
    url.searchParams.set("pool_max_conns", String(POOL_MAX_CONNS));
    url.searchParams.set("pool_max_conn_idle_time", POOL_MAX_CONN_IDLE_TIME);
    return url.toString();
}

/**
 * The DSN without `pool_*` parameters, for `openauthctl migrate`: golang-migrate's postgres
 * driver only strips `x-*` parameters and lib/pq sends every other one to the server as a run-time
 * parameter, which PostgreSQL refuses ("unrecognized configuration parameter").
 */
export function withoutPoolLimits(dsn: string): string {
    const url = new URL(dsn);
    for (const k of [...url.searchParams.keys()]) if (k.startsWith("pool_")) url.searchParams.delete(k);
    return url.toString();
}
