// npm run bench: how long one evaluation of the whole program under mocks takes (median of
// several runs, source fingerprinting included) and how many resources it registers. Prints
// figures; asserts nothing.
import * as fs from "fs";
import * as path from "path";
import { devConfig, evaluateProgram } from "../support/evaluate";
import { E2E_OUTPUT } from "../e2e/support/layer";

/** The real-Tesseral layer's figures from its last run (it takes minutes, so the bench reads them). */
function printRealTesseralFigures(): void {
    const file = path.join(E2E_OUTPUT, "timings.json");
    if (!fs.existsSync(file)) {
        console.log("real-Tesseral layer: no figures yet (run `npm test` or `npx mocha test/e2e` first)");
        return;
    }
    const figures = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, number>;
    console.log(`real-Tesseral layer, last run (${fs.statSync(file).mtime.toISOString()}):`);
    for (const [what, value] of Object.entries(figures)) {
        console.log(`  ${what}: ${what.endsWith("bytes") ? `${(value / 1024 / 1024).toFixed(1)} MiB` : `${(value / 1000).toFixed(1)} s`}`);
    }
}

async function main(): Promise<void> {
    const runs = Number(process.env.BENCH_RUNS ?? 9);
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < runs + 1; i++) {
        const t0 = process.hrtime.bigint();
        const { recorder } = await evaluateProgram({ config: devConfig() });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (i > 0) times.push(ms); // the first run warms the module cache
        count = recorder.resources.length;
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`program evaluation under mocks: median ${median.toFixed(1)} ms over ${runs} runs (min ${times[0].toFixed(1)}, max ${times[times.length - 1].toFixed(1)})`);
    console.log(`resources registered: ${count}`);
    printRealTesseralFigures();
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
