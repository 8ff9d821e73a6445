/**
 * A thin proxy in front of local-kms that refuses what real KMS refuses and local-kms lets
 * through: an encryption algorithm that does not fit the key's type. AWS KMS API reference,
 * Encrypt/Decrypt, InvalidKeyUsageException: "The encryption algorithm ... specified for the
 * operation is incompatible with the type of key material in the KMS key (KeySpec)", or the
 * key's KeyUsage is not ENCRYPT_DECRYPT. Symmetric keys take only SYMMETRIC_DEFAULT (the
 * default); RSA keys need RSAES_OAEP_SHA_1 or RSAES_OAEP_SHA_256, named explicitly.
 * Tesseral encrypts with RSAES_OAEP_SHA_256 everywhere, so a symmetric key fails here as on AWS.
 */
import * as http from "http";
import { readBody } from "./loopback-http";

export interface KeyFacts {
    KeySpec?: string;
    KeyUsage?: string;
}

/** The message real KMS's InvalidKeyUsageException would carry, or undefined when the call is valid. Pure. */
export function kmsUsageError(operation: "Encrypt" | "Decrypt", key: KeyFacts, algorithm: string | undefined): string | undefined {
    const spec = key.KeySpec ?? "SYMMETRIC_DEFAULT";
    if (key.KeyUsage && key.KeyUsage !== "ENCRYPT_DECRYPT") {
        return `${operation}: the KeyUsage of this KMS key is ${key.KeyUsage}, not ENCRYPT_DECRYPT`;
    }
    const allowed = spec === "SYMMETRIC_DEFAULT" ? ["SYMMETRIC_DEFAULT", undefined]
        : spec.startsWith("RSA_") ? ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]
            : [];
    if (!allowed.includes(algorithm)) {
        return `${operation}: encryption algorithm ${algorithm ?? "(default SYMMETRIC_DEFAULT)"} is incompatible with the key spec ${spec}`;
    }
    return undefined;
}


function forward(target: number, method: string, headers: http.IncomingHttpHeaders, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port: target, method, path: "/", headers }, (res) => {
            readBody(res).then((b) => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: b }), reject);
        });
        req.on("error", reject);
        req.end(body);
    });
}

/** Listens on `port` and forwards to local-kms on `target`, checking Encrypt/Decrypt first. */
export function startKmsGuard(port: number, target: number): Promise<http.Server> {
    const describe = async (keyId: string, headers: http.IncomingHttpHeaders): Promise<KeyFacts> => {
        const body = Buffer.from(JSON.stringify({ KeyId: keyId }));
        const res = await forward(target, "POST", { ...headers, "x-amz-target": "TrentService.DescribeKey", "content-length": String(body.length) }, body);
        return (JSON.parse(res.body.toString("utf8") || "{}") as { KeyMetadata?: KeyFacts }).KeyMetadata ?? {};
    };
    const server = http.createServer((req, res) => {
        void (async () => {
            const body = await readBody(req);
            const op = String(req.headers["x-amz-target"] ?? "").replace(/^TrentService\./, "");
            if (op === "Encrypt" || op === "Decrypt") {
                const call = JSON.parse(body.toString("utf8") || "{}") as { KeyId?: string; EncryptionAlgorithm?: string };
                const key = call.KeyId ? await describe(call.KeyId, req.headers) : {};
                const problem = kmsUsageError(op, key, call.EncryptionAlgorithm);
                if (problem) {
                    res.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
                    res.end(JSON.stringify({ __type: "InvalidKeyUsageException", message: problem }));
                    return;
                }
            }
            const out = await forward(target, req.method ?? "POST", req.headers, body);
            res.writeHead(out.status, out.headers);
            res.end(out.body);
        })().catch((e: unknown) => {
            res.writeHead(500, { "content-type": "application/x-amz-json-1.1" });
            res.end(JSON.stringify({ __type: "KMSInternalException", message: String(e) }));
        });
    });
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => resolve(server));
    });
}

// Run as its own process (`kms-guard.ts PORT TARGET`): the deploy runs command steps with
// spawnSync, which blocks this process's event loop while bootstrap calls KMS.
if (require.main === module) {
    const [port, target] = process.argv.slice(2).map(Number);
    startKmsGuard(port, target).catch((e: unknown) => {
        console.error(e instanceof Error ? e.message : String(e));
        process.exit(1);
    });
}
