import { expect } from "chai";
import { evaluateComponent } from "../support/component";
import { Keys } from "../../components/data/keys";
describe("evaluateComponent", () => {
    it("records a component alone", async () => {
        const rec = await evaluateComponent(() => new Keys("k", { protect: true }));
        expect(rec.ofType("aws:kms/key:Key")).to.have.length(7);
        expect(rec.ofType("aws:kms/key:Key").every((k) => k.options.retainOnDelete === true && k.inputs.enableKeyRotation === undefined)).to.equal(true);
    });
});
