/** Section (c): the secrets the stack generates, stores and receives, by name only (never a value). */
import { Secret } from "../../test/support/values";
import { PlanResource, compare, secretPaths } from "./resources";

export interface GeneratedSecret {
    type: string;
    name: string;
    /** Non-secret shape of the value (length, byte length). */
    shape: string;
    /** `resource.property` of every recorded input computed from it. */
    usedBy: string[];
}

export interface StoredSecret {
    type: string;
    name: string;
    /** The JSON keys of its value (names only), when the value is a JSON object. */
    keys: string[];
}

export interface SecretsPlan {
    generated: GeneratedSecret[];
    stored: StoredSecret[];
    /** Stack outputs that are secret. */
    secretOutputs: string[];
    /** Secret stack config keys that are set. */
    configSecrets: string[];
    /** Per resource, the top-level inputs that carry a secret (kept encrypted in state). */
    secretInputs: { name: string; properties: string[] }[];
}

const SECRETS_MANAGER_SECRET = "aws:secretsmanager/secret:Secret";
const SECRETS_MANAGER_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";

/** True for resources whose purpose is to make a random secret value. */
export function isGenerator(r: PlanResource): boolean {
    return r.custom && r.type.startsWith("random:") && !r.type.endsWith(":RandomPet");
}

function shapeOf(r: PlanResource): string {
    const parts: string[] = [];
    for (const k of ["length", "byteLength"]) {
        const v = r.inputs[k];
        if (typeof v === "number") parts.push(`${k} ${v}`);
    }
    return parts.join(", ");
}

/** The keys of a JSON object held in a Secret, or [] when it is not one. Values are never read out. */
function jsonKeys(v: unknown): string[] {
    const s = v instanceof Secret ? v.value : v;
    if (typeof s !== "string") return [];
    try {
        const o = JSON.parse(s) as unknown;
        return o && typeof o === "object" && !Array.isArray(o) ? Object.keys(o).sort(compare) : [];
    } catch {
        return [];
    }
}

export function secretsPlan(resources: PlanResource[], stackOutputs: Record<string, unknown>, configSecrets: string[]): SecretsPlan {
    const generated = resources.filter(isGenerator).map((g) => ({
        type: g.type.split(":").pop() ?? g.type,
        name: g.name,
        shape: shapeOf(g),
        usedBy: resources.flatMap((r) => Object.entries(r.propertyDependencies)
            .filter(([, urns]) => urns.includes(g.urn)).map(([prop]) => `${r.name}.${prop}`)).sort(compare),
    })).sort((a, b) => compare(a.name, b.name));
    const stored = resources.filter((r) => r.type === SECRETS_MANAGER_SECRET).map((s) => {
        const versions = resources.filter((v) => v.type === SECRETS_MANAGER_VERSION && (v.propertyDependencies.secretId ?? []).includes(s.urn));
        return { type: "secretsmanager Secret", name: s.name, keys: [...new Set(versions.flatMap((v) => jsonKeys(v.inputs.secretString)))].sort(compare) };
    }).sort((a, b) => compare(a.name, b.name));
    const secretOutputs = Object.entries(stackOutputs).filter(([, v]) => v instanceof Secret).map(([k]) => k).sort(compare);
    const secretInputs = resources
        .map((r) => ({ name: r.name, properties: [...new Set(secretPaths(r.inputs).map((p) => p.split(/[.[]/)[0]))].sort(compare) }))
        .filter((x) => x.properties.length > 0)
        .sort((a, b) => compare(a.name, b.name));
    return { generated, stored, secretOutputs, configSecrets: [...configSecrets].sort(compare), secretInputs };
}

export function renderSecrets(p: SecretsPlan): string[] {
    const out: string[] = ["Names only; no value is ever printed."];
    out.push(`Generated during the deploy (${p.generated.length}):`);
    for (const g of p.generated) {
        out.push(`  ${g.type}  ${g.name}${g.shape ? ` (${g.shape})` : ""}${g.usedBy.length ? ` -> ${g.usedBy.join(", ")}` : ""}`);
    }
    if (p.generated.length === 0) out.push("  (none)");
    out.push(`Stored in Secrets Manager (${p.stored.length}):`);
    for (const s of p.stored) out.push(`  ${s.type}  ${s.name}${s.keys.length ? `: ${s.keys.join(", ")}` : ""}`);
    if (p.stored.length === 0) out.push("  (none)");
    out.push(`Secret stack outputs: ${p.secretOutputs.length ? p.secretOutputs.join(", ") : "(none)"}`);
    out.push(`Secret stack config set: ${p.configSecrets.length ? p.configSecrets.join(", ") : "(none)"}`);
    out.push(`Resources with secret inputs (encrypted in state) (${p.secretInputs.length}):`);
    for (const s of p.secretInputs) out.push(`  ${s.name}: ${s.properties.join(", ")}`);
    return out;
}
