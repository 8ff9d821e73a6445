/** Section (b): the DNS records to create, or the Route 53 records the stack creates. */
import { plain } from "../../test/support/values";
import { PlanResource, compare, ofType } from "./resources";

export interface PlanDnsRecord {
    name: string;
    type: string;
    value: string;
    purpose?: string;
}

export interface DnsPlan {
    /** The hosted zones the stack writes to; empty when the records are to be created elsewhere. */
    zoneIds: string[];
    records: PlanDnsRecord[];
}

const ROUTE53_RECORD = "aws:route53/record:Record";

/** The `dnsRecords` stack output as a list of records (anything else is an error: the contract says so). */
export function dnsRecordsOutput(stackOutputs: Record<string, unknown>): PlanDnsRecord[] {
    const v = plain(stackOutputs.dnsRecords ?? []);
    if (!Array.isArray(v)) throw new Error("the dnsRecords stack output is not a list");
    return v.map((x) => {
        const o = x as Record<string, unknown>;
        return { name: String(o.name), type: String(o.type), value: String(o.value), purpose: o.purpose === undefined ? undefined : String(o.purpose) };
    });
}

/** The records of the recorded `aws:route53/record:Record` resources. */
export function route53Records(resources: PlanResource[]): PlanDnsRecord[] {
    return ofType(resources, ROUTE53_RECORD).map((r) => {
        const i = plain(r.inputs) as { name?: unknown; type?: unknown; records?: unknown[]; aliases?: { name?: unknown }[] };
        const value = i.aliases?.length ? `alias ${i.aliases.map((a) => String(a.name)).join(", ")}` : (i.records ?? []).map(String).join(" ");
        return { name: String(i.name), type: String(i.type), value, purpose: r.name };
    });
}

/**
 * With a hosted zone (Route 53 records were recorded), those records; without, the records the
 * stack outputs for the user to create. Sorted by name, then type, then value.
 */
export function dnsPlan(resources: PlanResource[], stackOutputs: Record<string, unknown>): DnsPlan {
    const inZone = ofType(resources, ROUTE53_RECORD);
    const zoneIds = [...new Set(inZone.map((r) => String(plain(r.inputs.zoneId))))].sort(compare);
    const records = [...(inZone.length ? route53Records(resources) : dnsRecordsOutput(stackOutputs))];
    records.sort((a, b) => compare(a.name, b.name) || compare(a.type, b.type) || compare(a.value, b.value));
    return { zoneIds, records };
}

export function renderDns(plan: DnsPlan): string[] {
    const head = plan.zoneIds.length
        ? [`Created by the stack in Route 53 (hosted zone ${plan.zoneIds.join(", ")}): ${plan.records.length} records. Nothing to create by hand.`]
        : [`Create these ${plan.records.length} records at your DNS provider (no hostedZoneId is set). Certificates validate and mail verifies once they resolve.`];
    if (plan.records.length === 0) return [...head, "  (none)"];
    const w = (f: (r: PlanDnsRecord) => string) => Math.max(...plan.records.map((r) => f(r).length));
    const wn = w((r) => r.name);
    const wt = w((r) => r.type);
    return [...head, ...plan.records.map((r) => `  ${r.name.padEnd(wn)}  ${r.type.padEnd(wt)}  ${r.value}${r.purpose ? `   # ${r.purpose}` : ""}`)];
}
