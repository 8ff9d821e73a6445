import { expect } from "chai";
import { devConfig, evaluateProgram } from "../support/evaluate";
import { plain } from "../support/values";
import { ALLOWED_RUNTIMES } from "../../components/util/lambda-runtime";

/** AWS refuses to create (or update) functions on retired runtimes: every function of the program must use an allowed one. */
describe("Lambda runtimes", () => {
    for (const [what, extra] of [["runner local", {}], ["runner lambda", { runner: "lambda" }], ["image packaging", { api: { packaging: "image" } }]] as const) {
        it(`every recorded function uses a runtime AWS still accepts (${what})`, async () => {
            const ev = await evaluateProgram({ config: devConfig(extra) });
            const fns = ev.recorder.ofType("aws:lambda/function:Function");
            expect(fns.length).to.be.greaterThan(0);
            for (const f of fns) {
                const inputs = plain(f.inputs) as { runtime?: string; packageType?: string };
                if (inputs.packageType === "Image") continue;  // a container image brings its own runtime
                expect(ALLOWED_RUNTIMES, `${f.name} runtime ${inputs.runtime}`).to.include(inputs.runtime);
            }
        });
    }
});
