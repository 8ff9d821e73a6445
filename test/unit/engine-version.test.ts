import { expect } from "chai";
import { acceptAuroraVersion, AURORA_MIN_VERSION, compareVersions } from "../../components/data/engine-version";

describe("engine-version: which Aurora PostgreSQL version AWS's answer gives", () => {
    it("compares dotted versions numerically, not as text", () => {
        expect(compareVersions("16.10", "16.9")).to.be.greaterThan(0);
        expect(compareVersions("16.4", "16.4.0")).to.equal(0);
        expect(compareVersions("16.3", AURORA_MIN_VERSION)).to.be.lessThan(0);
    });

    it("takes a 16.x at or past 16.4", () => {
        expect(acceptAuroraVersion("16.4")).to.equal("16.4");
        expect(acceptAuroraVersion("16.11")).to.equal("16.11");
    });

    it("refuses a missing, older, other-major or malformed answer with one message", () => {
        for (const bad of [undefined, "16.3", "17.1", "15.12", "16.x", ""]) {
            expect(() => acceptAuroraVersion(bad), String(bad)).to.throw(/needs 16\.4 or later of major 16/);
        }
    });
});
