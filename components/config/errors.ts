/**
 * A stack setting that cannot be used. The message always names the setting, the value that was
 * given and what would be valid, so one error tells the user exactly what to change.
 */
export class ConfigError extends Error {
    constructor(
        public readonly key: string,
        public readonly value: unknown,
        public readonly expected: string,
    ) {
        super(`tesseral:${key} = ${describe(value)} is not valid: ${expected}`);
        this.name = "ConfigError";
    }
}

function describe(value: unknown): string {
    if (value === undefined) return "(not set)";
    if (typeof value === "string") return JSON.stringify(value);
    try {
        return JSON.stringify(value);
    } catch {
        return String(value);
    }
}
