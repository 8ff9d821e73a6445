import { createHash } from "crypto";

/** Hex sha256 of a string or bytes. */
export function sha256(data: string | Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}

/** A short, stable fingerprint of a JSON-able value (keys sorted), for triggers and names. */
export function fingerprint(value: unknown): string {
    return sha256(stableJson(value));
}

/** JSON with object keys sorted at every level, so equal values give equal text. */
export function stableJson(value: unknown): string {
    return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(value as Record<string, unknown>).sort()) {
            out[k] = sortKeys((value as Record<string, unknown>)[k]);
        }
        return out;
    }
    return value;
}
