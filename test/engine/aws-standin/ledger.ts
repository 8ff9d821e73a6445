// What the stand-in did, kept on disk across its processes (the engine starts a provider process
// per command, and one per plugin version): a line per Create/Update/Delete in
// `$STANDIN_STATE_DIR/ledger.jsonl`. It is the stand-in's "cloud": what exists there after a destroy
// is what the engine never asked the provider to delete (retainOnDelete). Without
// STANDIN_STATE_DIR (unit tests) nothing is written.
import * as fs from "fs";
import * as path from "path";

export interface LedgerEntry {
    op: "create" | "update" | "delete";
    type: string;
    /** The resource name (the URN's last part). */
    name: string;
    id: string;
}

export function ledgerFile(stateDir: string): string {
    return path.join(stateDir, "ledger.jsonl");
}

/** Appends one line (a single write of a short line: whole lines even with two writers). */
export function record(entry: LedgerEntry): void {
    const dir = process.env.STANDIN_STATE_DIR;
    if (!dir) return;
    fs.appendFileSync(ledgerFile(dir), `${JSON.stringify(entry)}\n`);
}

export function readLedger(stateDir: string): LedgerEntry[] {
    const file = ledgerFile(stateDir);
    if (!fs.existsSync(file)) return [];
    return fs.readFileSync(file, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as LedgerEntry);
}

/** The resources created and not deleted, by id, as of the ledger's end. */
export function liveResources(entries: readonly LedgerEntry[]): Map<string, LedgerEntry> {
    const live = new Map<string, LedgerEntry>();
    for (const e of entries) {
        if (e.op === "create") live.set(e.id, e);
        else if (e.op === "delete") live.delete(e.id);
    }
    return live;
}
