import { expect } from "chai";
import { kmsUsageError } from "../../scripts/local/kms-guard";

describe("KMS guard (what real KMS refuses)", () => {
    it("accepts RSAES_OAEP_SHA_256 on an RSA encryption key, and SYMMETRIC_DEFAULT (or none) on a symmetric one", async () => {
        expect(kmsUsageError("Encrypt", { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" }, "RSAES_OAEP_SHA_256")).to.equal(undefined);
        expect(kmsUsageError("Decrypt", { KeySpec: "RSA_4096", KeyUsage: "ENCRYPT_DECRYPT" }, "RSAES_OAEP_SHA_1")).to.equal(undefined);
        expect(kmsUsageError("Encrypt", { KeySpec: "SYMMETRIC_DEFAULT", KeyUsage: "ENCRYPT_DECRYPT" }, undefined)).to.equal(undefined);
        expect(kmsUsageError("Encrypt", {}, "SYMMETRIC_DEFAULT")).to.equal(undefined);
    });

    it("refuses Tesseral's RSAES_OAEP_SHA_256 on a symmetric key, an RSA key without an algorithm, and a signing key", async () => {
        expect(kmsUsageError("Encrypt", { KeySpec: "SYMMETRIC_DEFAULT", KeyUsage: "ENCRYPT_DECRYPT" }, "RSAES_OAEP_SHA_256")).to.match(/incompatible with the key spec SYMMETRIC_DEFAULT/);
        expect(kmsUsageError("Encrypt", { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" }, undefined)).to.match(/incompatible with the key spec RSA_2048/);
        expect(kmsUsageError("Decrypt", { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" }, "RSAES_OAEP_SHA_256")).to.match(/KeyUsage .* SIGN_VERIFY/);
        expect(kmsUsageError("Encrypt", { KeySpec: "ECC_NIST_P256", KeyUsage: "ENCRYPT_DECRYPT" }, "RSAES_OAEP_SHA_256")).to.match(/ECC_NIST_P256/);
    });
});
