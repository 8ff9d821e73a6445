// npm run bench: how long one evaluation of the whole program under mocks takes (median of
// several runs, source fingerprinting included) and how many resources it registers. Prints
// figures; asserts nothing.
import { devConfig, evaluateProgram } from "../support/evaluate";

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
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
