import { expect } from "chai";
import { changedKeys, isSubset, standinProvider, typeOfUrn } from "../engine/aws-standin/provider";
import { ACCOUNT } from "../engine/aws-standin/outputs";

const urn = (type: string, name: string): string => `urn:pulumi:s::tesseral-aws::tesseral-aws:index:Tesseral$${type}::${name}`;
const call = <T>(f: T | undefined): T => {
    if (!f) throw new Error("stand-in lacks this method");
    return f;
};

/** The stand-in AWS provider of the engine layer (test/engine/aws-standin/), without the engine. */
describe("stand-in AWS provider", () => {
    it("reads the type of a nested URN", async () => {
        expect(typeOfUrn(urn("aws:rds/instance:Instance", "db"))).to.equal("aws:rds/instance:Instance");
    });

    it("compares new inputs with the old state as a subset (computed nested keys are not changes)", async () => {
        const state = { dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT", tokens: ["a", "b", "c"] }, emailIdentity: "mail.x" };
        expect(isSubset({ dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" }, emailIdentity: "mail.x" }, state)).to.equal(true);
        expect(changedKeys(state, { dkimSigningAttributes: { nextSigningKeyLength: "RSA_1024_BIT" }, emailIdentity: "mail.x" })).to.deep.equal(["dkimSigningAttributes"]);
    });

    it("keeps state: create returns inputs plus computed outputs, inputs win; update keeps the id's outputs", async () => {
        const created = await call(standinProvider.create)(urn("aws:s3/bucket:Bucket", "site"), { bucket: "my-site", forceDestroy: false });
        expect(created.outs).to.include({ bucket: "my-site", arn: "arn:aws:s3:::my-site", forceDestroy: false });
        const updated = await call(standinProvider.update)(created.id, urn("aws:s3/bucket:Bucket", "site"), created.outs, { bucket: "my-site", forceDestroy: true });
        expect(updated.outs).to.include({ bucket: "my-site", arn: "arn:aws:s3:::my-site", forceDestroy: true });
    });

    it("gives an ACM certificate one validation option per name and an SES identity three DKIM tokens", async () => {
        const cert = await call(standinProvider.create)(urn("aws:acm/certificate:Certificate", "c"), { domainName: "a.example.com", subjectAlternativeNames: ["*.b.example.com"] });
        const names = (cert.outs.domainValidationOptions as { domainName: string }[]).map((o) => o.domainName);
        expect(names).to.deep.equal(["a.example.com", "*.b.example.com"]);
        const id = await call(standinProvider.create)(urn("aws:sesv2/emailIdentity:EmailIdentity", "m"), { emailIdentity: "mail.a.example.com" });
        expect((id.outs.dkimSigningAttributes as { tokens: string[] }).tokens).to.have.length(3);
    });

    it("forces a replacement where the real provider does (RDS engine, KMS key spec), an update elsewhere", async () => {
        const diff = call(standinProvider.diff);
        const db = await diff("id", urn("aws:rds/instance:Instance", "db"), { engine: "postgres", allocatedStorage: 20 }, { engine: "aurora-postgresql", allocatedStorage: 20 });
        expect(db).to.deep.include({ changes: true, replaces: ["engine"] });
        const grow = await diff("id", urn("aws:rds/instance:Instance", "db"), { engine: "postgres", allocatedStorage: 20 }, { engine: "postgres", allocatedStorage: 30 });
        expect(grow).to.deep.include({ changes: true, replaces: [] });
        const key = await diff("id", urn("aws:kms/key:Key", "k"), { customerMasterKeySpec: "SYMMETRIC_DEFAULT" }, { customerMasterKeySpec: "RSA_2048" });
        expect(key.replaces).to.deep.equal(["customerMasterKeySpec"]);
        const same = await diff("id", urn("aws:kms/key:Key", "k"), { customerMasterKeySpec: "RSA_2048", arn: "x" }, { customerMasterKeySpec: "RSA_2048" });
        expect(same).to.deep.include({ changes: false, replaces: [] });
    });

    it("answers the invokes the program and awsx make, and refuses others by name", async () => {
        const invoke = call(standinProvider.invoke);
        expect((await invoke("aws:index/getCallerIdentity:getCallerIdentity", {})).outputs).to.include({ accountId: ACCOUNT });
        expect((await invoke("aws:index/getAvailabilityZones:getAvailabilityZones", {})).outputs.names).to.have.length(3);
        expect((await invoke("aws:ssm/getParameter:getParameter", { name: "/aws/service/ami" })).outputs.value).to.match(/^ami-/);
        let refused: unknown;
        try {
            await invoke("aws:ec2/getVpc:getVpc", {});
        } catch (e) {
            refused = e;
        }
        expect(String(refused)).to.contain("aws:ec2/getVpc:getVpc");
    });
});
