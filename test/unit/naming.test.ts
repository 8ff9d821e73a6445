import { expect } from "chai";
import { apiFunctionName } from "../../components/api/function";
import { kmsAliasName } from "../../components/data/keys";

describe("account-unique names", () => {
    it("differ between two projects with the same stack (KMS aliases, Lambda names)", async () => {
        expect(kmsAliasName("dev", "session", "shop")).to.not.equal(kmsAliasName("dev", "session", "billing"));
        expect(apiFunctionName("tesseral-api", "dev", "shop")).to.not.equal(apiFunctionName("tesseral-api", "dev", "billing"));
    });

    it("stay within what AWS accepts: no `.` in an alias, at most 64 [A-Za-z0-9_-] in a function name", async () => {
        expect(kmsAliasName("prod.eu", "googleOAuthClientSecrets", "shop")).to.equal("alias/shop-prod-eu-tesseral-google-oauth-client-secrets");
        const fn = apiFunctionName("tesseral-api", "a.very-long-stack-name-".repeat(4), "shop");
        expect(fn).to.match(/^[A-Za-z0-9_-]{1,64}$/);
        expect(fn).to.match(/-[0-9a-f]{8}$/);
    });
});
