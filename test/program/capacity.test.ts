import { expect } from "chai";
import { devConfig, evaluateProgram } from "../support/evaluate";
import { plain } from "../support/values";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { withoutPoolParams } = require("../../components/runner/ops-handler.js") as { withoutPoolParams: (dsn: string) => string };

describe("connection budget in the program (layer 2)", () => {
    for (const [label, database, expected] of [
        ["rds db.t4g.micro", {}, 35],
        ["rds db.r6g.large", { instanceClass: "db.r6g.large" }, 668],
        ["aurora 0.5-4 ACU", { engine: "aurora-serverless" }, 371],
    ] as const) {
        it(`${label}: the API function's reserved concurrency is the budget (${expected}); the API's DSN carries the pool limits`, async () => {
            const ev = await evaluateProgram({ config: devConfig({ database }) });
            const fns = ev.recorder.ofType("aws:lambda/function:Function").filter((f) => f.inputs.description === "Tesseral API (behind API Gateway and CloudFront)");
            expect(fns).to.have.length(1);
            expect(fns[0].inputs.reservedConcurrentExecutions).to.equal(expected);
            const [version] = ev.recorder.ofType("aws:secretsmanager/secretVersion:SecretVersion");
            const dsn = new URL(JSON.parse(plain(version.inputs.secretString) as string).API_DB_DSN);
            expect(dsn.searchParams.get("pool_max_conns")).to.equal("2");
            expect(dsn.searchParams.get("pool_max_conn_idle_time")).to.equal("1m");
        });
    }

    it("the ops function gives migrate the DSN without pool_ parameters", async () => {
        const dsn = "postgres://u:p@h:5432/d?sslmode=require&pool_max_conns=2&pool_max_conn_idle_time=1m";
        expect(withoutPoolParams(dsn)).to.equal("postgres://u:p@h:5432/d?sslmode=require");
    });
});
