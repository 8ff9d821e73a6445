import * as Mocha from "mocha";

/**
 * Mocha's spec reporter plus one closing line `N passed, N failed[, N skipped]` that CI reads to
 * know how many tests ran.
 */
class SpecWithTotals extends Mocha.reporters.Spec {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
        super(runner, options);
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            const s = this.stats;
            process.stdout.write(`\n${s.passes} passed, ${s.failures} failed${s.pending ? `, ${s.pending} skipped` : ""}\n`);
        });
    }
}

export = SpecWithTotals;
