import { expect } from "chai";
import { method } from "./call";
import { ACCOUNT, REGION } from "./outputs";

/** The data sources (invokes) the program and awsx call, answered without the engine. */
describe("stand-in AWS provider: invokes (no engine)", () => {
    const invoke = (token: string, inputs: Record<string, unknown> = {}) => method("invoke")(token, inputs).then((r) => r.outputs as Record<string, unknown>);

    it("names the account, the caller and its session's issuer", async () => {
        const me = await invoke("aws:index/getCallerIdentity:getCallerIdentity");
        expect(me).to.include({ accountId: ACCOUNT });
        const session = await invoke("aws:iam/getSessionContext:getSessionContext", { arn: me.arn });
        expect(session.issuerArn).to.equal(`arn:aws:iam::${ACCOUNT}:role/deployer`);
    });

    it("answers the region, partition and three zones of the region", async () => {
        expect(await invoke("aws:index/getRegion:getRegion")).to.include({ name: REGION, region: REGION });
        expect(await invoke("aws:index/getPartition:getPartition")).to.include({ partition: "aws", dnsSuffix: "amazonaws.com" });
        const zones = await invoke("aws:index/getAvailabilityZones:getAvailabilityZones");
        expect(zones.names).to.deep.equal([`${REGION}a`, `${REGION}b`, `${REGION}c`]);
    });

    it("answers an SSM parameter (the NAT instance's AMI) with an AMI id", async () => {
        const p = await invoke("aws:ssm/getParameter:getParameter", { name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64" });
        expect(p.value).to.match(/^ami-[0-9a-f]{17}$/);
    });

    it("refuses an invoke it does not know, by name", async () => {
        const refused = await invoke("aws:ec2/getVpc:getVpc").then(() => "answered", (e: unknown) => String(e));
        expect(refused).to.contain("no answer for invoke aws:ec2/getVpc:getVpc");
    });
});
