import { expect } from "chai";
import { settingsWarnings } from "../../components/config/warnings";

describe("settings warnings", () => {
    it("warns that creating a project needs both Stripe and Svix keys, naming what is missing", async () => {
        expect(settingsWarnings({})).to.have.length(1);
        expect(settingsWarnings({})[0]).to.match(/tesseral:stripeApiKey and tesseral:svixApiKey not set: .*creating a project fails/);
        expect(settingsWarnings({ stripeApiKey: "sk_test_x" })[0]).to.match(/^tesseral:svixApiKey not set/);
        expect(settingsWarnings({ stripeApiKey: "sk_test_x", svixApiKey: "testsk_y" })).to.deep.equal([]);
    });
});
