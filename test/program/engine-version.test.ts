import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { staticMocks } from "../support/aws-mocks";
import { devConfig, evaluateProgram } from "../support/evaluate";

const AURORA = { database: { engine: "aurora-serverless", minCapacity: 0.5, maxCapacity: 4 } };

/** The static mocks, with getEngineVersion answering `answer` and every invoke's args kept. */
function mocksAnswering(answer: string, calls: pulumi.runtime.MockCallArgs[]): pulumi.runtime.Mocks {
    const base = staticMocks();
    return {
        newResource: (args) => base.newResource(args),
        call(args) {
            calls.push(args);
            if (args.token === "aws:rds/getEngineVersion:getEngineVersion") return { ...args.inputs, version: answer, versionActual: answer };
            return base.call(args);
        },
    };
}

describe("program: the Aurora engine version is resolved at deploy time, not pinned (issue 10, item 9)", () => {
    it("asks AWS for the newest provisioned-mode aurora-postgresql 16 and gives it to a new cluster and its instances", async () => {
        const calls: pulumi.runtime.MockCallArgs[] = [];
        const ev = await evaluateProgram({ config: devConfig(AURORA), mocks: mocksAnswering("16.11", calls) });
        const asked = calls.filter((c) => c.token === "aws:rds/getEngineVersion:getEngineVersion");
        expect(asked).to.have.length(1);
        expect(asked[0].inputs).to.deep.include({ engine: "aurora-postgresql", version: "16", latest: true });
        expect(asked[0].inputs.filters).to.deep.equal([{ name: "engine-mode", values: ["provisioned"] }]);
        const [cluster] = ev.recorder.ofType("aws:rds/cluster:Cluster");
        expect(cluster.inputs.engineVersion).to.equal("16.11");
        // An existing cluster keeps what it runs: a newer answer tomorrow is not a change.
        expect(cluster.options.ignoreChanges).to.include("engineVersion");
        for (const instance of ev.recorder.ofType("aws:rds/clusterInstance:ClusterInstance")) {
            expect(instance.inputs.engineVersion).to.equal("16.11");
            expect(instance.options.ignoreChanges).to.include("engineVersion");
        }
    });

    it("the RDS engine takes the major alone and asks nothing", async () => {
        const calls: pulumi.runtime.MockCallArgs[] = [];
        const ev = await evaluateProgram({ config: devConfig(), mocks: mocksAnswering("16.11", calls) });
        expect(calls.filter((c) => c.token === "aws:rds/getEngineVersion:getEngineVersion")).to.have.length(0);
        expect(ev.recorder.ofType("aws:rds/instance:Instance")[0].inputs.engineVersion).to.equal("16");
    });

    it("refuses a region whose newest 16.x is older than 16.4, naming what it needs", async () => {
        const calls: pulumi.runtime.MockCallArgs[] = [];
        let failure: unknown;
        try {
            await evaluateProgram({ config: devConfig(AURORA), mocks: mocksAnswering("16.2", calls) });
        } catch (e) {
            failure = e;
        }
        expect(String(failure)).to.include('is "16.2"').and.include("16.4 or later").and.include("tesseral:database.engine");
    });
});
