// Reading what the real engine reports: the steps of `pulumi preview --json` and the resources of
// `pulumi stack export` (with `--show-secrets`, secret values are `{ <sig>: ..., plaintext }`).

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

export interface Change { op: string; type: string; name: string }

/** The type of a URN (`urn:pulumi:stack::project::parent$type::name`). */
export const typeOfUrn = (urn: string): string => (urn.split("::")[2] ?? "").split("$").pop() ?? "";
/** The resource name of a URN. */
export const nameOfUrn = (urn: string): string => urn.split("::").slice(3).join("::");

/** Every step of a `preview --json` that is not `same`. */
export function previewChanges(stdout: string): Change[] {
    const steps = (JSON.parse(stdout) as { steps?: { op: string; urn: string }[] }).steps ?? [];
    return steps.filter((s) => s.op !== "same").map((s) => ({ op: s.op, type: typeOfUrn(s.urn), name: nameOfUrn(s.urn) }));
}

/** The preview's operation on the resource named `name`; `same` when it has no step. */
export function opOf(changes: readonly Change[], name: string): string {
    const ops = changes.filter((c) => c.name === name).map((c) => c.op);
    return ops.length === 0 ? "same" : ops.join("+");
}

export interface StateResource {
    urn: string;
    type: string;
    name: string;
    id?: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    retainOnDelete?: boolean;
}

/** The resources of a `stack export` (its JSON). */
export function stateResources(exportJson: string): StateResource[] {
    const raw = (JSON.parse(exportJson) as { deployment: { resources?: Omit<StateResource, "name">[] } }).deployment.resources ?? [];
    return raw.map((r) => ({ ...r, name: nameOfUrn(r.urn), inputs: r.inputs ?? {}, outputs: r.outputs ?? {} }));
}

/** The one resource named `name` (and of `type`, when given). */
export function named(resources: readonly StateResource[], name: string, type?: string): StateResource {
    const found = resources.filter((r) => r.name === name && (type === undefined || r.type === type));
    if (found.length !== 1) throw new Error(`${found.length} resources named ${name} in the state (${resources.length} in all)`);
    return found[0];
}

/** A value of a `--show-secrets` export with its secret wrapper (if any) taken off. */
export function revealed(v: unknown): unknown {
    if (v !== null && typeof v === "object" && SECRET_SIG in v) {
        const plaintext = (v as { plaintext?: string }).plaintext;
        return plaintext === undefined ? undefined : JSON.parse(plaintext) as unknown;
    }
    return v;
}
