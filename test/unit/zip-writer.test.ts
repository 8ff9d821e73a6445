import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { expect } from "chai";
import { readZip } from "../support/zip";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { zipBytes, crc32 } = require("../../components/build/zip-writer.js") as {
    zipBytes(entries: { name: string; data: Buffer }[]): Buffer;
    crc32(b: Buffer): number;
};

describe("reproducible Lambda zip", () => {
    it("computes standard CRC-32", () => {
        expect(crc32(Buffer.from("123456789"))).to.equal(0xcbf43926);
    });

    it("gives the same bytes for the same files in any order, entries sorted, mode 0755", () => {
        const a = { name: "bootstrap", data: Buffer.from("#!/bin/sh\nexec ./api\n") };
        const b = { name: "api", data: Buffer.alloc(100000, 7) };
        const one = zipBytes([a, b]);
        expect(zipBytes([b, a]).equals(one)).to.equal(true);
        const entries = readZip(one);
        expect(entries.map((e) => e.name)).to.deep.equal(["api", "bootstrap"]);
        expect(entries.every((e) => (e.mode & 0o777) === 0o755 && (e.mode & 0o170000) === 0o100000)).to.equal(true);
        expect(entries[1].data.equals(a.data)).to.equal(true);
        expect(entries[0].data.equals(b.data)).to.equal(true);
    });

    it("runs as `node - OUT name=file...` the way the build step calls it, and Python's zipfile reads it", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zip-"));
        fs.writeFileSync(path.join(dir, "x"), "hello");
        const src = fs.readFileSync(path.join(__dirname, "..", "..", "components", "build", "zip-writer.js"));
        execFileSync("node", ["-", path.join(dir, "out.zip"), `api=${path.join(dir, "x")}`], { input: src });
        const listing = execFileSync("python3", ["-c", "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip(), [(i.filename, oct(i.external_attr>>16), z.read(i).decode()) for i in z.infolist()])", path.join(dir, "out.zip")], { encoding: "utf8" });
        expect(listing.trim()).to.equal("None [('api', '0o100755', 'hello')]");
    });
});
