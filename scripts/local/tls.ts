import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";

/** A self-signed certificate for the given host names (wildcards included), made by openssl. */
export function selfSignedCertificate(hosts: string[]): { cert: Buffer; key: Buffer } {
    if (hosts.length === 0) throw new Error("a certificate needs at least one host name");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-edge-tls-"));
    try {
        const key = path.join(dir, "key.pem");
        const cert = path.join(dir, "cert.pem");
        const san = hosts.map((h) => `DNS:${h}`).join(",");
        execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "7", "-subj", `/CN=${hosts[0]}`,
            "-addext", `subjectAltName=${san}`, "-keyout", key, "-out", cert], { stdio: "ignore" });
        return { cert: fs.readFileSync(cert), key: fs.readFileSync(key) };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
