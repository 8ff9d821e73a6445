import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { contractKeys, parseSettings } from "../../components/config/parse";
import { Settings, TesseralArgs } from "../../components/config/settings";

const README = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

/** The README's configuration table: key cell → default cell. */
function configTable(): Map<string, string> {
    const rows = new Map<string, string>();
    const section = README.slice(README.indexOf("## Configuration"));
    for (const line of section.split("\n")) {
        const cells = line.split("|").map((c) => c.trim());
        if (cells.length < 4 || !cells[1].startsWith("`")) continue;
        for (const key of cells[1].matchAll(/`([^`]+)`/g)) rows.set(key[1], cells[2]);
    }
    return rows;
}

/** The parser's default for a key, as the README would write it. */
function defaultOf(settings: Settings, key: string): unknown {
    return key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], settings);
}

describe("README", () => {
    const table = configTable();
    const defaults = parseSettings({ domain: "auth.example.com", rootUserEmail: "a@example.com" } as TesseralArgs, { fileExists: () => true });

    it("lists every key of the config contract", () => {
        const missing = contractKeys().filter((k) => !table.has(k) && !(k.startsWith("source.") && table.has("source")));
        expect(missing).to.deep.equal([]);
    });

    it("gives each key's real default", () => {
        for (const key of contractKeys()) {
            const cell = table.get(key);
            if (cell === undefined) continue;
            if (key === "domain" || key === "rootUserEmail") {
                expect(cell, key).to.equal("required");
                continue;
            }
            const value = defaultOf(defaults, key);
            if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
                if (key.endsWith("Domain")) continue; // derived: the table gives the formula
                expect(cell, key).to.include(`\`${value}\``);
            } else if (value === undefined || (Array.isArray(value) && value.length === 0)) {
                expect(cell, key).to.match(/none|required/);
            }
        }
    });

    it("shows the two commands", () => {
        expect(README).to.include("npm ci && pulumi up");
        expect(README).to.include("npm test");
    });
});
