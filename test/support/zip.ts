import { inflateRawSync } from "zlib";

export interface ZipEntry {
    name: string;
    /** The Unix mode the central directory records (type bits included). */
    mode: number;
    data: Buffer;
}

/** Reads a zip through its central directory, as Lambda does: names, Unix modes, contents (stored or deflated). */
export function readZip(buf: Buffer): ZipEntry[] {
    const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (end < 0) throw new Error("no end of central directory: not a zip");
    const count = buf.readUInt16LE(end + 10);
    let at = buf.readUInt32LE(end + 16);
    const entries: ZipEntry[] = [];
    for (let i = 0; i < count; i++) {
        if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`entry ${i}: bad central directory signature`);
        const method = buf.readUInt16LE(at + 10);
        const size = buf.readUInt32LE(at + 20);
        const nameLen = buf.readUInt16LE(at + 28);
        const extraLen = buf.readUInt16LE(at + 30);
        const commentLen = buf.readUInt16LE(at + 32);
        const mode = buf.readUInt32LE(at + 38) >>> 16;
        const local = buf.readUInt32LE(at + 42);
        const name = buf.toString("utf8", at + 46, at + 46 + nameLen);
        const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const raw = buf.subarray(dataAt, dataAt + size);
        entries.push({ name, mode, data: method === 8 ? inflateRawSync(raw) : raw });
        at += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
}
