import { expect } from "chai";
import {
    auroraMaxConnections, connectionBudget, instanceClassMemoryGib, proxyBudget, rdsMaxConnections, throughputPerSecond,
    withoutPoolLimits, withPoolLimits,
} from "../../components/config/capacity";
import { ConfigError } from "../../components/config/errors";
import { parseSettings } from "../../components/config/parse";
import { TesseralArgs } from "../../components/config/settings";

const base = { domain: "auth.example.com", rootUserEmail: "a@example.com" };
const parse = (extra: Record<string, unknown>) => parseSettings({ ...base, ...extra } as unknown as TesseralArgs, { fileExists: () => true });

function configError(fn: () => unknown): ConfigError {
    try { fn(); } catch (e) { expect(e).to.be.instanceOf(ConfigError); return e as ConfigError; }
    throw new Error("expected a ConfigError");
}

describe("connection budget", () => {
    // (max_connections - 14 kept free) / 2 per instance, at most 900.
    const table: { db: Record<string, unknown>; maxConnections: number; reservedConcurrency: number }[] = [
        { db: {}, maxConnections: 84, reservedConcurrency: 35 },
        { db: { instanceClass: "db.t4g.small" }, maxConnections: 168, reservedConcurrency: 77 },
        { db: { instanceClass: "db.t3.medium" }, maxConnections: 337, reservedConcurrency: 161 },
        { db: { instanceClass: "db.m7g.large" }, maxConnections: 675, reservedConcurrency: 330 },
        { db: { instanceClass: "db.r6g.large" }, maxConnections: 1351, reservedConcurrency: 668 },
        { db: { instanceClass: "db.r7g.xlarge" }, maxConnections: 2703, reservedConcurrency: 900 },
        { db: { engine: "aurora-serverless", minCapacity: 0.5, maxCapacity: 1 }, maxConnections: 189, reservedConcurrency: 87 },
        { db: { engine: "aurora-serverless" }, maxConnections: 756, reservedConcurrency: 371 },
        { db: { engine: "aurora-serverless", minCapacity: 0, maxCapacity: 16 }, maxConnections: 2000, reservedConcurrency: 900 },
        { db: { engine: "aurora-serverless", minCapacity: 1, maxCapacity: 64 }, maxConnections: 5000, reservedConcurrency: 900 },
    ];
    for (const row of table) {
        it(`${JSON.stringify(row.db)}: max_connections ${row.maxConnections}, reserved concurrency ${row.reservedConcurrency}`, async () => {
            const s = parse({ database: row.db });
            expect(connectionBudget(s.database)?.maxConnections).to.equal(row.maxConnections);
            expect(s.api.reservedConcurrency).to.equal(row.reservedConcurrency);
        });
    }

    // With RDS Proxy: its pool may hold MaxConnectionsPercent of max_connections (all but the 14 kept
    // free, rounded down), and each instance borrows one database connection at a time.
    const proxyTable: { db: Record<string, unknown>; percent: number; pool: number; reservedConcurrency: number }[] = [
        { db: { proxy: true }, percent: 83, pool: 69, reservedConcurrency: 69 },
        { db: { proxy: true, instanceClass: "db.t4g.small" }, percent: 91, pool: 152, reservedConcurrency: 152 },
        { db: { proxy: true, instanceClass: "db.r6g.large" }, percent: 98, pool: 1323, reservedConcurrency: 900 },
        { db: { proxy: true, engine: "aurora-serverless", minCapacity: 0.5, maxCapacity: 1 }, percent: 92, pool: 173, reservedConcurrency: 173 },
        { db: { proxy: true, engine: "aurora-serverless" }, percent: 98, pool: 740, reservedConcurrency: 740 },
    ];
    for (const row of proxyTable) {
        it(`${JSON.stringify(row.db)}: the proxy may use ${row.percent}% (${row.pool} connections), reserved concurrency ${row.reservedConcurrency}`, async () => {
            const s = parse({ database: row.db });
            expect(connectionBudget(s.database)?.proxy).to.deep.equal({ maxConnectionsPercent: row.percent, poolConnections: row.pool });
            expect(s.api.reservedConcurrency).to.equal(row.reservedConcurrency);
        });
    }

    it("with the proxy, the pool never takes the connections kept free", async () => {
        for (let max = 20; max <= 5000; max += 7) {
            const p = proxyBudget(max, 14);
            expect(p.poolConnections, `max_connections ${max}`).to.be.at.most(max - 14);
            expect(p.maxConnectionsPercent).to.be.within(1, 100);
        }
    });

    it("with the proxy, a configured value above the proxy's budget is refused, naming the proxy", async () => {
        const err = configError(() => parse({ database: { proxy: true }, api: { reservedConcurrency: 70 } }));
        expect(err.message).to.match(/^tesseral:api\.reservedConcurrency = 70 is not valid: a whole number from 1 to 69, .*RDS Proxy pool 69 \(83% of max_connections 84/);
        expect(parse({ database: { proxy: true }, api: { reservedConcurrency: 69 } }).api.reservedConcurrency).to.equal(69);
    });

    it("refuses the proxy on an Aurora cluster that auto-pauses (minCapacity 0)", async () => {
        const err = configError(() => parse({ database: { proxy: true, engine: "aurora-serverless", minCapacity: 0 } }));
        expect(err.key).to.equal("database.proxy");
        expect(err.message).to.match(/^tesseral:database\.proxy = true is not valid: false while database\.minCapacity is 0/);
        const bad = configError(() => parse({ database: { proxy: "yes" } }));
        expect(bad.message).to.equal('tesseral:database.proxy = "yes" is not valid: true or false (default false)');
    });

    it("knows the memory of the classes it names and no others", async () => {
        expect(instanceClassMemoryGib("db.t4g.micro")).to.equal(1);
        expect(instanceClassMemoryGib("db.r6g.2xlarge")).to.equal(64);
        expect(instanceClassMemoryGib("db.m6g.micro")).to.equal(undefined);
        expect(instanceClassMemoryGib("db.x2g.large")).to.equal(undefined);
        expect(rdsMaxConnections("db.x2g.large")).to.equal(undefined);
        expect(auroraMaxConnections(0.5, 256)).to.equal(2000);
    });

    it("a configured value may lower the budget", async () => {
        expect(parse({ api: { reservedConcurrency: 10 } }).api.reservedConcurrency).to.equal(10);
    });

    it("refuses a configured value above the budget, naming the budget", async () => {
        const e = configError(() => parse({ api: { reservedConcurrency: 36 } }));
        expect(e.key).to.equal("api.reservedConcurrency");
        expect(e.message).to.contain("36").and.contain("1 to 35").and.contain("max_connections 84");
    });

    it("refuses a reserved concurrency that is not a whole number", async () => {
        expect(configError(() => parse({ api: { reservedConcurrency: 0 } })).key).to.equal("api.reservedConcurrency");
        expect(configError(() => parse({ api: { reservedConcurrency: "many" } })).key).to.equal("api.reservedConcurrency");
    });

    it("refuses provisioned concurrency above the reserved concurrency", async () => {
        const e = configError(() => parse({ api: { provisionedConcurrency: 20, reservedConcurrency: 10 } }));
        expect(e.key).to.equal("api.provisionedConcurrency");
        expect(e.message).to.contain("0 to 10");
    });

    it("an instance class of unknown memory needs an explicit reserved concurrency", async () => {
        const e = configError(() => parse({ database: { instanceClass: "db.x2g.large" } }));
        expect(e.key).to.equal("database.instanceClass");
        expect(e.message).to.contain("api.reservedConcurrency");
        expect(parse({ database: { instanceClass: "db.x2g.large" }, api: { reservedConcurrency: 50 } }).api.reservedConcurrency).to.equal(50);
    });

    it("api.rollbackTo is a version number", async () => {
        expect(parse({ api: { rollbackTo: "7" } }).api.rollbackTo).to.equal(7);
        expect(configError(() => parse({ api: { rollbackTo: "latest" } })).key).to.equal("api.rollbackTo");
        expect(configError(() => parse({ api: { rollbackTo: 0 } })).key).to.equal("api.rollbackTo");
    });

    it("throughput at a mean latency", async () => {
        expect(throughputPerSecond(35, 50)).to.equal(700);
    });
});

describe("DSN pool limits", () => {
    const dsn = "postgres://tesseral:p%40ss@db.internal:5432/tesseral?sslmode=require";
    it("adds pool_max_conns=2 and a short idle time, keeping the rest", async () => {
        const url = new URL(withPoolLimits(dsn));
        expect(url.searchParams.get("pool_max_conns")).to.equal("2");
        expect(url.searchParams.get("pool_max_conn_idle_time")).to.equal("1m");
        expect(url.searchParams.get("sslmode")).to.equal("require");
        expect(url.password).to.equal("p%40ss");
    });
    it("migrate's DSN has no pool_ parameters (lib/pq would send them to the server)", async () => {
        expect(withoutPoolLimits(withPoolLimits(dsn))).to.equal(dsn);
    });
});
