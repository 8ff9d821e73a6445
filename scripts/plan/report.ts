/** The whole offline plan as text: five sections, each rendered from the recorded evaluation. */
import { estimateCost, renderCost, PriceTable, Assumptions } from "./cost";
import { dnsPlan, renderDns } from "./dns";
import { PlanResource } from "./resources";
import { renderSecrets, secretsPlan } from "./secrets";
import { renderTree, renderTypeCounts } from "./tree";
import { renderCapacity } from "./capacity";

export interface PlanInput {
    stack: string;
    resources: PlanResource[];
    stackOutputs: Record<string, unknown>;
    /** Secret config keys that are set (names only). */
    configSecrets: string[];
    prices: PriceTable;
    /** `aws:region` of the stack, when set. */
    region?: string;
    assumptions?: Partial<Assumptions>;
}

export const SECTION_TITLES = {
    tree: "1. Resources by component",
    dns: "2. DNS records",
    secrets: "3. Secrets",
    cost: "4. Estimated monthly cost",
    capacity: "5. Connection budget",
} as const;
export type SectionName = keyof typeof SECTION_TITLES;

export function heading(title: string): string {
    return `== ${title} ${"=".repeat(Math.max(3, 76 - title.length))}`;
}

/** Each section's lines, in order. */
export function planSections(p: PlanInput): Record<SectionName, string[]> {
    return {
        tree: [...renderTree(p.resources), "", "Count by type:", ...renderTypeCounts(p.resources)],
        dns: renderDns(dnsPlan(p.resources, p.stackOutputs)),
        secrets: renderSecrets(secretsPlan(p.resources, p.stackOutputs, p.configSecrets)),
        cost: renderCost(estimateCost(p.resources, p.prices, { assumptions: p.assumptions }), p.prices, p.region),
        capacity: renderCapacity(p.resources),
    };
}

export function renderPlan(p: PlanInput): string {
    const sections = planSections(p);
    const out = [
        `Offline plan of stack "${p.stack}": the program evaluated under mocks (no AWS account, no Pulumi CLI).`,
        "Values AWS would compute (ids, ARNs, DNS targets) are placeholders.",
    ];
    for (const name of Object.keys(SECTION_TITLES) as SectionName[]) out.push("", heading(SECTION_TITLES[name]), ...sections[name]);
    return `${out.join("\n")}\n`;
}
