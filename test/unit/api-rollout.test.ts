import { apiFunctionName } from "../../components/api/function";
import { PROJECT } from "../support/evaluate";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { expect } from "chai";
import { gateScript, LIVE_ALIAS } from "../../components/api/rollout";
import { buildApi } from "./api-component.test";

/** A fake @aws-sdk/client-lambda: answers Invoke with `answer`, records the request in $FAKE_LOG. */
function fakeLambdaSdk(answer: { FunctionError?: string; payload: string; log?: string }): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-lambda-sdk-"));
    fs.writeFileSync(path.join(dir, "index.js"), `
const fs = require("fs");
class InvokeCommand { constructor(input) { this.input = input; } }
class LambdaClient { async send(cmd) {
    fs.writeFileSync(process.env.FAKE_LOG, JSON.stringify({ ...cmd.input, Payload: JSON.parse(Buffer.from(cmd.input.Payload).toString()) }));
    return { FunctionError: ${JSON.stringify(answer.FunctionError)}, Payload: Buffer.from(${JSON.stringify(answer.payload)}),
             LogResult: ${answer.log === undefined ? "undefined" : JSON.stringify(Buffer.from(answer.log).toString("base64"))} };
} }
module.exports = { LambdaClient, InvokeCommand };`);
    return dir;
}

function runGate(answer: { FunctionError?: string; payload: string; log?: string }) {
    const sdk = fakeLambdaSdk(answer);
    const log = path.join(sdk, "request.json");
    const r = spawnSync(process.execPath, ["-"], {
        input: gateScript(), encoding: "utf8",
        env: { ...process.env, TESSERAL_LAMBDA_CLIENT: sdk, TESSERAL_FUNCTION_NAME: "tesseral-api-dev", TESSERAL_VERSION: "8", AWS_REGION: "us-west-2", FAKE_LOG: log },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, request: JSON.parse(fs.readFileSync(log, "utf8")) as Record<string, unknown> };
}

describe("health-gated rollout: the gate step's script", () => {
    it("invokes the new version (Qualifier) with the health event and log tail, and passes on 200", async () => {
        const r = runGate({ payload: JSON.stringify({ statusCode: 200, body: "" }) });
        expect(r.code, r.stderr).to.equal(0);
        expect(r.request).to.include({ FunctionName: "tesseral-api-dev", Qualifier: "8", LogType: "Tail" });
        expect((r.request.Payload as { rawPath: string }).rawPath).to.equal("/api/internal/health");
        expect(JSON.parse(r.stdout)).to.deep.equal({ version: "8", status: 200 });
    });

    it("fails the step (so the deploy fails) with the version, the status and the first log lines", async () => {
        const r = runGate({ payload: JSON.stringify({ statusCode: 502 }), log: "START\napi: API_DOGFOOD_PROJECT_ID is required\nEND" });
        expect(r.code).to.equal(1);
        expect(r.stderr).to.contain("API version 8").and.contain("status 502").and.contain("API_DOGFOOD_PROJECT_ID is required")
            .and.contain("stays on the previous version");
    });

    it("fails on a function error (an api that cannot start)", async () => {
        const r = runGate({ FunctionError: "Unhandled", payload: JSON.stringify({ errorType: "Runtime.ExitError" }), log: "INIT_REPORT Status: error" });
        expect(r.code).to.equal(1);
        expect(r.stderr).to.contain("Unhandled").and.contain("INIT_REPORT");
    });
});

describe("health-gated rollout: the resources (under mocks)", () => {
    it("publishes a version per deploy; the `live` alias moves to it only after the gate step", async () => {
        const { rec, fn } = await buildApi();
        expect(fn.inputs.publish).to.equal(true);
        const gate = rec.named("tesseral-api-health-gate");
        expect(gate.inputs.triggers).to.deep.equal(["3"]);
        expect((gate.inputs.environment as Record<string, string>).TESSERAL_VERSION).to.equal("3");
        expect(gate.inputs.stdin).to.equal(gateScript());
        // Names the AWS SDK it loads: the chain's test engine stands in for AWS on such steps.
        expect(gateScript()).to.contain("@aws-sdk/client-lambda");
        const alias = rec.named("tesseral-api-live");
        expect(alias.inputs).to.include({ name: LIVE_ALIAS, functionVersion: "3" });
        // A failed gate step fails `pulumi up` before the alias (which depends on it) is updated: it stays.
        expect(alias.dependencies).to.include(gate.urn);
    });

    it("API Gateway targets the alias, and the invoke permission covers the alias", async () => {
        const { rec } = await buildApi();
        const fn = apiFunctionName("tesseral-api", "dev", PROJECT);
        expect(rec.named("tesseral-api-integration").inputs.integrationUri).to.equal(`arn:aws:lambda:us-west-2:123456789012:function:${fn}:live`);
        expect(rec.named("tesseral-api-invoke").inputs).to.include({ qualifier: LIVE_ALIAS, function: fn });
    });

    it("api.rollbackTo pins the alias to that version, with no gate step", async () => {
        const { rec } = await buildApi({ api: { rollbackTo: 2 } });
        expect(rec.named("tesseral-api-live").inputs).to.include({ functionVersion: "2" });
        expect(rec.resources.filter((r) => r.name === "tesseral-api-health-gate")).to.have.length(0);
    });
});
