// A reproducible zip writer, run as `node - OUT NAME=FILE...` by the API build step (its source is
// passed on standard input, so the step needs nothing but Node, which Pulumi's runtime already
// requires). Every entry gets mode 0755 (Lambda must execute `bootstrap` and `api`; Pulumi's own
// archive writer does not keep executable bits) and a fixed 1980-01-01 timestamp, entries are
// sorted by name, so the same files always give the same bytes. Plain JavaScript on purpose: a
// library would have to be resolvable from the build step's working directory.
"use strict";
const fs = require("fs");
const zlib = require("zlib");

const CRC_TABLE = (() => {
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        t[n] = c >>> 0;
    }
    return t;
})();

function crc32(buf) {
    let c = 0xffffffff;
    for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
}

/** Builds the zip bytes for entries [{ name, data }] (data: Buffer). */
function zipBytes(entries) {
    const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const DOS_TIME = 0;
    const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
    const locals = [];
    const centrals = [];
    let offset = 0;
    for (const e of sorted) {
        const name = Buffer.from(e.name, "utf8");
        const data = zlib.deflateRawSync(e.data, { level: 9 });
        const crc = crc32(e.data);
        const local = Buffer.alloc(30);
        local.writeUInt32LE(0x04034b50, 0);
        local.writeUInt16LE(20, 4);
        local.writeUInt16LE(0x0800, 6); // UTF-8 names
        local.writeUInt16LE(8, 8); // deflate
        local.writeUInt16LE(DOS_TIME, 10);
        local.writeUInt16LE(DOS_DATE, 12);
        local.writeUInt32LE(crc, 14);
        local.writeUInt32LE(data.length, 18);
        local.writeUInt32LE(e.data.length, 22);
        local.writeUInt16LE(name.length, 26);
        local.writeUInt16LE(0, 28);
        locals.push(local, name, data);
        const central = Buffer.alloc(46);
        central.writeUInt32LE(0x02014b50, 0);
        central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode below counts
        central.writeUInt16LE(20, 6);
        central.writeUInt16LE(0x0800, 8);
        central.writeUInt16LE(8, 10);
        central.writeUInt16LE(DOS_TIME, 12);
        central.writeUInt16LE(DOS_DATE, 14);
        central.writeUInt32LE(crc, 16);
        central.writeUInt32LE(data.length, 20);
        central.writeUInt32LE(e.data.length, 24);
        central.writeUInt16LE(name.length, 28);
        central.writeUInt32LE(((0o100755 << 16) >>> 0), 38);
        central.writeUInt32LE(offset, 42);
        centrals.push(central, name);
        offset += local.length + name.length + data.length;
    }
    const centralSize = centrals.reduce((n, b) => n + b.length, 0);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(sorted.length, 8);
    end.writeUInt16LE(sorted.length, 10);
    end.writeUInt32LE(centralSize, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, ...centrals, end]);
}

/** Writes OUT from `name=file` pairs, or from the JSON map { name: file } in TESSERAL_ZIP_ENTRIES. */
function main(argv, env = process.env) {
    const [out, ...pairs] = argv;
    const list = pairs.length > 0
        ? pairs.map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)])
        : Object.entries(JSON.parse(env.TESSERAL_ZIP_ENTRIES || "{}"));
    if (!out || list.length === 0) throw new Error("usage: node - OUT NAME=FILE... (or TESSERAL_ZIP_ENTRIES)");
    const bytes = zipBytes(list.map(([name, file]) => ({ name, data: fs.readFileSync(file) })));
    fs.writeFileSync(out, bytes);
    const crypto = require("crypto");
    return {
        zipSha256: crypto.createHash("sha256").update(bytes).digest("hex"),
        zipBase64Sha256: crypto.createHash("sha256").update(bytes).digest("base64"),
    };
}

module.exports = { zipBytes, crc32, main };
if (module.id === "[stdin]" || process.argv[1] === "-") {
    const digests = main(process.argv.slice(2));
    if (process.env.TESSERAL_ZIP_PRINT_DIGESTS === "1") console.log(JSON.stringify(digests));
}
