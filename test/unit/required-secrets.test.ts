import { expect } from "chai";
import { ConfigError } from "../../components/config/errors";
import { requireProjectServices } from "../../components/config/required-secrets";

describe("required secrets: Stripe and Svix (issue 10, item 16)", () => {
    const failure = (secrets: Record<string, string>): ConfigError => {
        try {
            requireProjectServices(secrets);
        } catch (e) {
            return e as ConfigError;
        }
        throw new Error("expected a ConfigError");
    };

    it("refuses a stack without either, naming both and saying why", () => {
        const e = failure({});
        expect(e).to.be.instanceOf(ConfigError);
        expect(e.key).to.equal("stripeApiKey");
        expect(e.message).to.include("tesseral:stripeApiKey").and.include("tesseral:svixApiKey").and.include("pulumi config set --secret")
            .and.include("Stripe customer and a Svix application for every new project");
    });

    it("refuses one without the other, naming the missing one first and the pair", () => {
        expect(failure({ stripeApiKey: "sk_test_x" }).key).to.equal("svixApiKey");
        expect(failure({ stripeApiKey: "sk_test_x" }).message).to.include("missing: tesseral:svixApiKey)");
        expect(failure({ svixApiKey: "testsk_y" }).message).to.include("missing: tesseral:stripeApiKey)");
    });

    it("accepts both", () => {
        expect(() => requireProjectServices({ stripeApiKey: "sk_test_x", svixApiKey: "testsk_y" })).to.not.throw();
    });
});
