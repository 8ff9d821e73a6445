// A stand-in for pulumi-resource-aws (which cannot be built here, see ../README.md): a resource
// provider plugin over Pulumi's gRPC protocol (`provider.main` from @pulumi/pulumi/provider) that
// keeps every resource's inputs as its state and adds the computed outputs a program reads.
// It checks nothing AWS would check: see test/engine/README.md for what this layer cannot prove.
import * as provider from "@pulumi/pulumi/provider";
import { randomBytes } from "crypto";
import { computedOutputs, databaseEndpoint, standinInvoke } from "./outputs";
import { replacedProperties } from "./replacements";
import { createDatabase, deleteDatabase } from "./database";
import { mirrorCreate, mirrorDelete } from "./emulator";
import { record } from "./ledger";

const DATABASE_TYPES = new Set(["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"]);

type Props = Record<string, unknown>;

/** The resource type of a URN (`urn:pulumi:stack::project::parent$type::name`). */
export function typeOfUrn(urn: string): string {
    const qualified = urn.split("::")[2] ?? "";
    return qualified.split("$").pop() ?? "";
}

/** The resource name of a URN. */
export function nameOfUrn(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

/** Is `news` (inputs) contained in `olds` (state, which also holds computed keys)? */
export function isSubset(news: unknown, olds: unknown): boolean {
    if (Array.isArray(news)) {
        return Array.isArray(olds) && news.length === olds.length && news.every((v, i) => isSubset(v, olds[i]));
    }
    if (news !== null && typeof news === "object") {
        if (olds === null || typeof olds !== "object" || Array.isArray(olds)) return false;
        return Object.entries(news as Props).every(([k, v]) => isSubset(v, (olds as Props)[k]));
    }
    return news === olds;
}

/** The top-level input keys whose value differs from the old state. */
export function changedKeys(olds: Props, news: Props): string[] {
    const keys = new Set([...Object.keys(news)]);
    return [...keys].filter((k) => !isSubset(news[k], olds[k])).sort();
}

let counter = 0;
/** Unique to this process: the engine starts a provider process per command (and per version). */
const processToken = randomBytes(3).toString("hex");
/**
 * A new id: readable (type and name), unique across the stand-in's processes, so a resource
 * created after a destroy that kept one (retainOnDelete) never takes the kept one's id.
 */
function newId(type: string, name: string): string {
    counter += 1;
    const prefix = type.split(":").pop()?.split("/").pop()?.toLowerCase().replace(/[^a-z0-9]/g, "") ?? "res";
    return `${prefix}-${name.replace(/[^A-Za-z0-9-]/g, "-").slice(0, 40)}-${processToken}${counter.toString(16).padStart(3, "0")}`;
}

export const standinProvider: provider.Provider = {
    version: process.env.STANDIN_AWS_VERSION ?? "7.48.0",

    async check(_urn, _olds, news) {
        return { inputs: news };
    },

    async diff(_id, urn, olds, news) {
        const changes = changedKeys(olds as Props, news as Props);
        const replaces = replacedProperties(typeOfUrn(urn), changes);
        return { changes: changes.length > 0, replaces, deleteBeforeReplace: false };
    },

    async create(urn, inputs) {
        const type = typeOfUrn(urn);
        const ownId = newId(type, nameOfUrn(urn));
        const endpoint = DATABASE_TYPES.has(type) ? await createDatabase(ownId, inputs as Props) : undefined;
        const computed = computedOutputs(type, ownId, inputs as Props);
        const id = (await mirrorCreate(type, ownId, { ...computed, ...(inputs as Props) })) ?? ownId;
        record({ op: "create", type, name: nameOfUrn(urn), id });
        const computedNow = computedOutputs(type, id, inputs as Props);
        // A computed nested output (an SES identity's DKIM tokens) holds its input's keys too: it wins.
        const nested = computedNow.dkimSigningAttributes ? { dkimSigningAttributes: computedNow.dkimSigningAttributes } : {};
        return { id, outs: { ...computedNow, ...(endpoint ? databaseEndpoint(type, endpoint.host, endpoint.port) : {}), ...(inputs as Props), ...nested } };
    },

    async read(id, _urn, props) {
        return { id, props };
    },

    async update(id, urn, olds, news) {
        const type = typeOfUrn(urn);
        record({ op: "update", type, name: nameOfUrn(urn), id });
        // Where a database listens (olds) stays; computed outputs are recomputed; inputs win.
        return { outs: { ...olds as Props, ...computedOutputs(type, id, news as Props), ...(news as Props) } };
    },

    async delete(id, urn, props) {
        const type = typeOfUrn(urn);
        if (DATABASE_TYPES.has(type)) await deleteDatabase(type, id, props as Props);
        await mirrorDelete(type, props as Props);
        record({ op: "delete", type, name: nameOfUrn(urn), id });
    },

    async invoke(token, inputs) {
        return { outputs: standinInvoke(token, inputs as Props) };
    },
};

if (require.main === module) {
    provider.main(standinProvider, process.argv.slice(2)).catch((e: unknown) => {
        console.error(e);
        process.exit(1);
    });
}
