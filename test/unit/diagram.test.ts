import * as fs from "fs";
import { expect } from "chai";
import { parseSettings } from "../../components/config/parse";
import { nodeEnvironment } from "../../components/config/stack";
import { edgeHosts, edgeRoutes } from "../../components/edge/routing";
import { README, argsFromStackConfig, generateDiagramBlock } from "../../scripts/diagram";
import { nodeId, readDiagramBlock, writeDiagramBlock } from "../../scripts/plan/mermaid";
import { stackFileConfig } from "../support/stack-file";

describe("README architecture diagram", () => {
    let block: string;
    before(async () => {
        block = await generateDiagramBlock();
    });

    it("is what scripts/diagram.ts generates now (run `npx tsx scripts/diagram.ts` when this fails)", async () => {
        expect(readDiagramBlock(fs.readFileSync(README, "utf8"))).to.equal(block);
    });

    it("is the same on every generation (no timestamps, sorted)", async () => {
        expect(await generateDiagramBlock()).to.equal(block);
    });

    it("draws every host of the routing table to a distribution and every route to its origin", async () => {
        const routes = edgeRoutes(parseSettings(argsFromStackConfig(stackFileConfig("dev")), nodeEnvironment));
        const lines = block.split("\n");
        for (const host of edgeHosts(routes)) {
            expect(lines.filter((l) => l.startsWith(`    ${nodeId("host", host)} --> cf_`)), host).to.have.length(1);
        }
        for (const r of routes) {
            const target = r.origin === "api" ? "apigw_" : "s3_";
            const label = `${r.pathPattern}${r.originPath ? ` → ${r.originPath}` : ""}`;
            expect(lines.some((l) => l.startsWith("    cf_") && l.includes(label) && l.includes(`| ${target}`)), `${r.site} ${r.pathPattern}`).to.equal(true);
        }
    });

    it("draws API Gateway to the API function and the data plane the functions reach", async () => {
        expect(block).to.match(/apigw_\w+ -->\|"\$default"\| fn_tesseral_api_function/);
        expect(block).to.match(/fn_tesseral_api_function -->\|"5432, TLS"\| db_tesseral_db_postgres/);
        expect(block).to.match(/fn_tesseral_ops_fn -->\|"5432, TLS"\| db_/);
        for (const target of ["kms", "ses", "sm_tesseral_secrets_secret", "s3_tesseral_user_content_bucket"]) expect(block).to.include(`fn_tesseral_api_function --> ${target}`);
        expect(block).to.match(/deploy -->\|"invoke: [^"]*migrate[^"]*"\| fn_tesseral_ops_fn/);
        expect(block).to.match(/subgraph sg_vpc\["VPC tesseral-network-vpc: 2 AZs/);
    });

    it("is a fenced Mermaid flowchart whose every line is a subgraph, node or edge", async () => {
        const body = /```mermaid\n([\s\S]*)\n```$/.exec(block);
        expect(body, "a ```mermaid fence at the end").to.not.equal(null);
        const [first, ...rest] = body![1].split("\n");
        expect(first).to.equal("flowchart LR");
        const node = /^ {8}\w+(\["[^"]*"\]|\(\["[^"]*"\]\)|\[\("[^"]*"\)\]|\{\{"[^"]*"\}\})$/;
        const edge = /^ {4}\w+ (-->|-\.->)(\|"[^"]*"\|)? \w+$/;
        const subgraph = /^ {4}subgraph sg_\w+\["[^"]*"\]$|^ {4}end$/;
        for (const l of rest) expect(node.test(l) || edge.test(l) || subgraph.test(l), l).to.equal(true);
    });

    it("replaces only the text between the markers, and refuses a README without them", async () => {
        const readme = "# x\n<!-- diagram:start (note) -->\nold\n<!-- diagram:end -->\ntail\n";
        const next = writeDiagramBlock(readme, "new");
        expect(next).to.equal("# x\n<!-- diagram:start (note) -->\nnew\n<!-- diagram:end -->\ntail\n");
        expect(readDiagramBlock(next)).to.equal("new");
        expect(() => writeDiagramBlock("# x\n", "new")).to.throw(/no <!-- diagram:start/);
        expect(() => readDiagramBlock("<!-- diagram:end -->\n<!-- diagram:start -->")).to.throw(/before/);
    });
});
