import { expect } from "chai";
import { firstLogLines, HEALTH_PATH, healthEvent, HealthInvoke, judgeHealth, runHealthGate } from "../../components/api/health-gate";

const ok = JSON.stringify({ statusCode: 200, headers: {}, body: "" });

describe("health gate", () => {
    it("builds the payload 2.0 event of GET /api/internal/health, deterministically", async () => {
        const e = healthEvent();
        expect(e.version).to.equal("2.0");
        expect(e.rawPath).to.equal(HEALTH_PATH);
        expect(e.requestContext.http.method).to.equal("GET");
        expect(e.requestContext.http.path).to.equal("/api/internal/health");
        expect(JSON.stringify(healthEvent())).to.equal(JSON.stringify(e));
    });

    it("passes on status 200 only", async () => {
        expect(judgeHealth("7", { payload: ok })).to.deep.equal({ ok: true, version: "7", status: 200 });
        const bad = judgeHealth("7", { payload: JSON.stringify({ statusCode: 503 }), log: "a\nb" });
        expect(bad.ok).to.equal(false);
        expect(bad.status).to.equal(503);
    });

    it("fails with the version, the status and the first log lines", async () => {
        const log = ["", ...Array.from({ length: 30 }, (_, i) => `line ${i}`)].join("\n");
        const v = judgeHealth("12", { payload: JSON.stringify({ statusCode: 500 }), log });
        if (v.ok) throw new Error("expected a failure");
        expect(v.message).to.contain("API version 12").and.contain("status 500").and.contain("line 0").and.contain("line 19");
        expect(v.message).not.to.contain("line 20");
        expect(v.message).to.contain("stays on the previous version");
    });

    it("fails on a function error even when the payload looks fine", async () => {
        const v = judgeHealth("3", { functionError: "Unhandled", payload: ok, log: "api: missing API_DB_DSN" });
        if (v.ok) throw new Error("expected a failure");
        expect(v.status).to.equal(undefined);
        expect(v.message).to.contain("Unhandled").and.contain("missing API_DB_DSN");
    });

    it("fails on an answer without a status", async () => {
        const v = judgeHealth("3", { payload: "not json" });
        expect(v.ok).to.equal(false);
    });

    it("runs the injected transport with the version and the event; a throwing transport fails the gate", async () => {
        const seen: string[] = [];
        const invoke: HealthInvoke = async (version, event) => { seen.push(`${version} ${event.rawPath}`); return { payload: ok }; };
        expect((await runHealthGate({ version: "4", invoke })).ok).to.equal(true);
        expect(seen).to.deep.equal(["4 /api/internal/health"]);
        const v = await runHealthGate({ version: "5", invoke: async () => { throw new Error("connection refused"); } });
        if (v.ok) throw new Error("expected a failure");
        expect(v.message).to.contain("version 5").and.contain("connection refused");
    });

    it("keeps the first lines without blank ones", async () => {
        expect(firstLogLines("a\n\n b\r\nc", 2)).to.deep.equal(["a", " b"]);
        expect(firstLogLines(undefined)).to.deep.equal([]);
    });
});
