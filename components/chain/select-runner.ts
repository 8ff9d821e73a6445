import { ConfigError } from "../config/errors";
import { RunnerKind } from "../config/settings";
import { LocalRunner } from "./local-runner";
import { DatabaseRunner } from "./runner";

/** The runner for `tesseral:runner`. The in-VPC `lambda` runner arrives with the data plane. */
export function selectRunner(kind: RunnerKind): DatabaseRunner {
    if (kind === "local") return new LocalRunner();
    throw new ConfigError("runner", kind,
        "local in this version (the in-VPC lambda runner is not built yet): set tesseral:runner to local and run pulumi up from a machine that reaches the database");
}
