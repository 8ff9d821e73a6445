/** Section (a): the resource tree by component, and the count of each type. */
import { PlanResource, compare } from "./resources";

export interface TreeLine {
    depth: number;
    resource: PlanResource;
}

/**
 * Every resource in parent order, depth-first from the stack: under each parent its components
 * first, then its custom resources, each group by type then name. A resource whose parent was
 * not recorded is shown at the top level (it is never dropped).
 */
export function resourceTree(resources: PlanResource[]): TreeLine[] {
    const urns = new Set(resources.map((r) => r.urn));
    const children = new Map<string, PlanResource[]>();
    for (const r of resources) {
        const parent = r.parent && urns.has(r.parent) ? r.parent : "";
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const order = (a: PlanResource, b: PlanResource) =>
        Number(a.custom) - Number(b.custom) || compare(a.type, b.type) || compare(a.name, b.name);
    const out: TreeLine[] = [];
    const visited = new Set<string>();
    const walk = (parent: string, depth: number) => {
        for (const r of [...(children.get(parent) ?? [])].sort(order)) {
            if (visited.has(r.urn)) continue;
            visited.add(r.urn);
            out.push({ depth, resource: r });
            walk(r.urn, depth + 1);
        }
    };
    walk("", 0);
    return out;
}

/** Markers a reviewer should notice on a line. */
export function flags(r: PlanResource): string[] {
    const f: string[] = [];
    if (r.options.protect) f.push("protect");
    if (r.options.retainOnDelete) f.push("retain");
    if (r.options.ignoreChanges.length > 0) f.push(`ignoreChanges: ${[...r.options.ignoreChanges].sort(compare).join(",")}`);
    return f;
}

/** One line per resource: `<indent><type>  <name>[  [flags]]`, indentation two spaces per level. */
export function renderTree(resources: PlanResource[]): string[] {
    return resourceTree(resources).map(({ depth, resource: r }) => {
        const f = flags(r);
        return `${"  ".repeat(depth)}${r.type}  ${r.name}${f.length ? `  [${f.join("; ")}]` : ""}`;
    });
}

/** How many resources of each type, sorted by type. */
export function typeCounts(resources: PlanResource[]): [string, number][] {
    const counts = new Map<string, number>();
    for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => compare(a[0], b[0]));
}

export function renderTypeCounts(resources: PlanResource[]): string[] {
    const counts = typeCounts(resources);
    const width = Math.max(...counts.map(([, n]) => String(n).length));
    return [
        ...counts.map(([type, n]) => `${String(n).padStart(width)}  ${type}`),
        `${String(resources.length).padStart(width)}  resources in all (${resources.filter((r) => r.custom).length} custom, ${resources.filter((r) => !r.custom).length} components and the stack)`,
    ];
}
