import { expect } from "chai";
import { devConfig, evaluateProgram, Evaluation } from "../support/evaluate";
import { isSecret, nonSecretStrings, plain } from "../support/values";

const STRIPE = "sk_live_do_not_leak_0123456789";
const PAGE_ENCODING = "5e".repeat(32);
const DB_PASSWORD = "mock-password-tesseral-db-password";

describe("data plane wiring (layer 2)", () => {
    let ev: Evaluation;
    before(async () => {
        ev = await evaluateProgram({ config: devConfig({ stripeApiKey: STRIPE }), secretKeys: ["stripeApiKey"] });
    });

    it("keeps the master password, the DSN, the page-encoding value and configured secrets out of every plain value", async () => {
        for (const r of ev.recorder.resources) {
            for (const s of [...nonSecretStrings(r.inputs), ...nonSecretStrings(r.outputs ?? {})]) {
                for (const secret of [STRIPE, PAGE_ENCODING, DB_PASSWORD]) {
                    expect(s.value.includes(secret), `${r.name} ${s.path}`).to.equal(false);
                }
            }
        }
        for (const s of nonSecretStrings(ev.stackOutputs)) {
            for (const secret of [STRIPE, PAGE_ENCODING, DB_PASSWORD]) expect(s.value.includes(secret), s.path).to.equal(false);
        }
    });

    it("puts the API's secret settings in one Secrets Manager JSON, secret in state", async () => {
        const [version] = ev.recorder.ofType("aws:secretsmanager/secretVersion:SecretVersion");
        expect(isSecret(version.inputs.secretString)).to.equal(true);
        const json = JSON.parse(plain(version.inputs.secretString) as string);
        expect(json).to.include({ API_STRIPE_API_KEY: STRIPE, API_PAGE_ENCODING_VALUE: PAGE_ENCODING });
        expect(json.API_DB_DSN).to.match(/^postgres:\/\/tesseral:.*@.*:5432\/tesseral\?sslmode=require$/);
    });

    it("outputs the SES identities and every DNS record they need when there is no hosted zone", async () => {
        expect(ev.stackOutputs.sesIdentities).to.deep.equal(["mail.vault.console.auth.example.com", "mail.vaults.auth.example.com"]);
        const records = ev.stackOutputs.dnsRecords as { name: string; type: string }[];
        expect(records).to.have.length(10);
        expect(records.filter((r) => r.type === "MX").map((r) => r.name).sort()).to.deep.equal([
            "bounce.mail.vault.console.auth.example.com", "bounce.mail.vaults.auth.example.com",
        ]);
        expect(ev.recorder.ofType("aws:route53/record:Record")).to.have.length(0);
    });

    it("creates the records in Route 53 when hostedZoneId is set", async () => {
        const zoned = await evaluateProgram({ config: devConfig({ hostedZoneId: "Z0123456789ABCDEFGHIJ" }) });
        const records = zoned.recorder.ofType("aws:route53/record:Record");
        expect(records).to.have.length(10);
        expect(records.every((r) => r.inputs.zoneId === "Z0123456789ABCDEFGHIJ")).to.equal(true);
    });

    it("keeps data on destroy with protect (the default): database, keys, user content, secret", async () => {
        const prod = await evaluateProgram({ config: devConfig({ protect: "true" }) });
        const db = prod.recorder.ofType("aws:rds/instance:Instance")[0];
        expect(db.inputs).to.include({ deletionProtection: true, skipFinalSnapshot: false, storageEncrypted: true, publiclyAccessible: false });
        expect(db.options.retainOnDelete).to.equal(true);
        expect(prod.recorder.named("tesseral-user-content-bucket").options.retainOnDelete).to.equal(true);
        // Build artifacts can always be made again: that bucket is emptied and deleted on destroy.
        expect(prod.recorder.named("tesseral-artifacts-bucket").inputs.forceDestroy).to.equal(true);
        for (const type of ["aws:kms/key:Key", "aws:secretsmanager/secret:Secret"]) {
            const found = prod.recorder.ofType(type);
            expect(found.length, type).to.be.greaterThan(0);
            expect(found.every((r) => r.options.retainOnDelete === true), type).to.equal(true);
        }
        const dev = ev.recorder.ofType("aws:rds/instance:Instance")[0];
        expect(dev.inputs).to.include({ deletionProtection: false, skipFinalSnapshot: true });
    });

    it("forces TLS on PostgreSQL 16 and lets only the API and runner groups reach 5432", async () => {
        const params = ev.recorder.ofType("aws:rds/parameterGroup:ParameterGroup")[0];
        expect(params.inputs.family).to.equal("postgres16");
        expect(params.inputs.parameters).to.deep.include({ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" });
        const sg = ev.recorder.named("tesseral-db-sg");
        const ingress = sg.inputs.ingress as { fromPort: number; toPort: number; securityGroups: string[]; cidrBlocks?: string[] }[];
        expect(ingress).to.have.length(2);
        expect(ingress.every((r) => r.fromPort === 5432 && r.toPort === 5432 && r.securityGroups.length === 1 && !r.cidrBlocks)).to.equal(true);
    });
});
