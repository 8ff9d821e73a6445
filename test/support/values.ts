/** Recorded values keep Pulumi's markers: a secret stays visibly secret, an unknown stays unknown. */

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A value that was secret when it was registered. */
export class Secret {
    constructor(public readonly value: unknown) {}
}

/** A value not known yet (preview). */
export const Unknown = Symbol("unknown");

/** Converts a serialized property (as the monitor receives it) into plain JS with Secret markers. */
export function fromWire(v: unknown): unknown {
    if (v === UNKNOWN) return Unknown;
    if (Array.isArray(v)) return v.map(fromWire);
    if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        const sig = o[SIG];
        if (sig === SECRET_SIG) return new Secret(fromWire(o.value));
        if (sig === ASSET_SIG || sig === ARCHIVE_SIG) return { [sig === ASSET_SIG ? "asset" : "archive"]: o.path ?? o.text ?? o.uri ?? o.assets };
        if (sig === RESOURCE_SIG) return { resourceUrn: o.urn, id: o.id === undefined ? undefined : fromWire(o.id) };
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(o)) out[k] = fromWire(o[k]);
        return out;
    }
    return v;
}

/** Drops the Secret markers (for reading values in assertions). */
export function plain(v: unknown): unknown {
    if (v instanceof Secret) return plain(v.value);
    if (Array.isArray(v)) return v.map(plain);
    if (v && typeof v === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = plain(x);
        return out;
    }
    return v;
}

/** Every string reachable from `v` that is NOT inside a Secret, with its path. */
export function nonSecretStrings(v: unknown, at = "$"): { path: string; value: string }[] {
    if (v instanceof Secret) return [];
    if (typeof v === "string") return [{ path: at, value: v }];
    if (Array.isArray(v)) return v.flatMap((x, i) => nonSecretStrings(x, `${at}[${i}]`));
    if (v && typeof v === "object") {
        return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => nonSecretStrings(x, `${at}.${k}`));
    }
    return [];
}

/** True when `v` is a Secret marker. */
export function isSecret(v: unknown): v is Secret {
    return v instanceof Secret;
}
