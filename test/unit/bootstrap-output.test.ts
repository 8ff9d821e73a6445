import { expect } from "chai";
import { randomBytes } from "crypto";
import { parseBootstrapOutput } from "../../components/chain/bootstrap-output";

const id = (seed: number) => "project_" + Array.from({ length: 25 }, (_, i) => "0123456789abcdefghijklmnopqrstuvwxyz"[(seed * 7 + i * 13) % 36]).join("");
const password = () => `this_is_a_very_sensitive_password_${randomBytes(16).toString("hex")}`;

describe("parseBootstrapOutput", () => {
    it("parses the one tab-separated line, with or without the trailing newline or CRLF", () => {
        for (let seed = 0; seed < 50; seed++) {
            const p = password();
            for (const end of ["\n", "", "\r\n", "\n\n"]) {
                expect(parseBootstrapOutput(`${id(seed)}\tuser${seed}@example.com\t${p}${end}`)).to.deep.equal({
                    dogfoodProjectId: id(seed), bootstrapUserEmail: `user${seed}@example.com`, bootstrapUserPassword: p,
                });
            }
        }
    });

    it("rejects other shapes without ever quoting the text (it holds the password)", () => {
        for (let i = 0; i < 50; i++) {
            const p = password();
            const cases = [
                "",
                `${id(i)}\tuser@example.com`,
                `${id(i)}\tuser@example.com\t${p}\textra`,
                `${id(i)} user@example.com ${p}`,
                `${id(i)}\tuser@example.com\t${p}\nsecond line`,
                `project_SHOUTING0123456789abcdefg\tuser@example.com\t${p}`,
                `${id(i)}\tnot-an-email\t${p}`,
                `${id(i)}\tuser@example.com\tshort`,
            ];
            for (const text of cases) {
                let message = "";
                try {
                    parseBootstrapOutput(text);
                } catch (e) {
                    message = (e as Error).message;
                }
                expect(message, JSON.stringify(text.replace(p, "<pw>"))).to.match(/^bootstrap/);
                expect(message).to.not.include(p);
            }
        }
    });
});
