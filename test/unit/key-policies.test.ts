import { expect } from "chai";
import { KEY_ADMIN_ACTIONS, keyPolicy } from "../../components/data/key-policies";
import { localBootstrapper } from "../../components/config/bootstrapper";

describe("KMS key policies", () => {
    it("let the account administer and only the named roles encrypt and decrypt", () => {
        const p = keyPolicy("123456789012", ["arn:aws:iam::123456789012:role/api", "arn:aws:iam::123456789012:role/ops", "arn:aws:iam::123456789012:role/api"]) as { Statement: Record<string, unknown>[] };
        expect(p.Statement).to.deep.equal([
            { Sid: "AccountAdministersTheKey", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: KEY_ADMIN_ACTIONS, Resource: "*" },
            { Sid: "TesseralUsesTheKey", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::123456789012:role/api", "arn:aws:iam::123456789012:role/ops"] }, Action: ["kms:Encrypt", "kms:Decrypt"], Resource: "*" },
        ]);
    });

    it("never give the account's administrators the use of the keys, nor anyone a wildcard", () => {
        for (const a of KEY_ADMIN_ACTIONS) expect(["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:*"]).to.not.include(a);
    });

    it("let whoever bootstraps only encrypt with the session key (bootstrap never decrypts)", () => {
        const p = keyPolicy("123456789012", ["arn:aws:iam::123456789012:role/api"], ["arn:aws:iam::123456789012:role/ops"]) as { Statement: Record<string, unknown>[] };
        expect(p.Statement[2]).to.deep.equal({ Sid: "BootstrapEncrypts", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::123456789012:role/ops"] }, Action: ["kms:Encrypt"], Resource: "*" });
        expect((p.Statement[1].Principal as { AWS: string[] }).AWS).to.deep.equal(["arn:aws:iam::123456789012:role/api"]);
    });

    it("refuse the account root as the local bootstrapper, with a message saying what to do", () => {
        expect(() => localBootstrapper("arn:aws:iam::123456789012:root")).to.throw(/root credentials.*IAM role or user, or use runner: lambda/);
        expect(localBootstrapper("arn:aws:iam::123456789012:role/Deployer")).to.equal("arn:aws:iam::123456789012:role/Deployer");
    });

    it("leave out the use statement while no role uses the key", () => {
        const p = keyPolicy("123456789012", []) as { Statement: { Sid: string }[] };
        expect(p.Statement.map((s) => s.Sid)).to.deep.equal(["AccountAdministersTheKey"]);
    });
});
