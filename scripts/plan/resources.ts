/**
 * What the plan reads from an evaluation under mocks: the recorded resources (as
 * test/support/recorder.ts records them) and the stack outputs. Helpers shared by the sections.
 */
import { RecordedResource } from "../../test/support/recorder";
import { Secret } from "../../test/support/values";

export type PlanResource = RecordedResource;

/** The name Pulumi shows for a URN: its last segment. */
export function urnName(urn: string): string {
    return urn.split("::").pop() ?? urn;
}

/** Resources by URN. */
export function byUrn(resources: PlanResource[]): Map<string, PlanResource> {
    return new Map(resources.map((r) => [r.urn, r]));
}

/** The recorded resources a property of `r` was computed from. */
export function dependenciesOf(r: PlanResource, property: string, index: Map<string, PlanResource>): PlanResource[] {
    return (r.propertyDependencies[property] ?? []).map((u) => index.get(u)).filter((x): x is PlanResource => x !== undefined);
}

/** Every resource of one type, sorted by name. */
export function ofType(resources: PlanResource[], type: string): PlanResource[] {
    return resources.filter((r) => r.type === type).sort((a, b) => compare(a.name, b.name));
}

/** Code-point order (locale-independent, so output is the same on every machine). */
export function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** A number input; `undefined` when absent or not a number. */
export function num(v: unknown): number | undefined {
    if (typeof v === "number") return v;
    if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
    return undefined;
}

/** Top-level property paths of `v` whose value is, or contains, a Secret. */
export function secretPaths(v: unknown, at = ""): string[] {
    if (v instanceof Secret) return [at || "(value)"];
    if (Array.isArray(v)) return v.flatMap((x, i) => secretPaths(x, `${at}[${i}]`));
    if (v && typeof v === "object") {
        return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => secretPaths(x, at ? `${at}.${k}` : k));
    }
    return [];
}

/** Every string inside a Secret anywhere in `v` (for checking that none is printed). */
export function secretStrings(v: unknown, inside = false): string[] {
    if (v instanceof Secret) return secretStrings(v.value, true);
    if (typeof v === "string") return inside ? [v] : [];
    if (typeof v === "number" || typeof v === "boolean") return inside ? [String(v)] : [];
    if (Array.isArray(v)) return v.flatMap((x) => secretStrings(x, inside));
    if (v && typeof v === "object") return Object.values(v as Record<string, unknown>).flatMap((x) => secretStrings(x, inside));
    return [];
}

const LAMBDA_FUNCTION = "aws:lambda/function:Function";
const LAMBDA_ALIAS = "aws:lambda/alias:Alias";

/** The Lambda functions a property points at, through an alias when it names one. */
export function lambdaTargets(r: PlanResource, property: string, index: Map<string, PlanResource>): PlanResource[] {
    const out = dependenciesOf(r, property, index).flatMap((d) =>
        d.type === LAMBDA_FUNCTION ? [d] : d.type === LAMBDA_ALIAS ? dependenciesOf(d, "functionName", index).filter((f) => f.type === LAMBDA_FUNCTION) : []);
    return [...new Set(out)];
}
