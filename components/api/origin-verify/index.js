// API Gateway (HTTP API) Lambda REQUEST authorizer, payload format 2.0 with simple responses.
// Allows a request only when it carries the header CloudFront adds at the edge,
// `x-origin-verify: <secret>`, so a request straight to the execute-api URL is refused.
//
// The expected value comes from the ORIGIN_VERIFY_SECRET environment variable. Lambda stores
// environment variables encrypted at rest (KMS), and Pulumi keeps the value encrypted and marked
// secret in state; it is visible only to principals allowed lambda:GetFunctionConfiguration.
"use strict";
const crypto = require("crypto");

const HEADER = "x-origin-verify";

/** Compares in constant time (over SHA-256 digests, so lengths never leak or throw). */
function sameSecret(given, expected) {
    const a = crypto.createHash("sha256").update(String(given), "utf8").digest();
    const b = crypto.createHash("sha256").update(String(expected), "utf8").digest();
    return crypto.timingSafeEqual(a, b);
}

/** The header's value, whatever its case (API Gateway lower-cases v2 header names already). */
function headerValue(event) {
    const headers = (event && event.headers) || {};
    for (const name of Object.keys(headers)) {
        if (name.toLowerCase() === HEADER) return headers[name];
    }
    return undefined;
}

/** Pure decision: fails closed when either side is missing or empty. */
function authorize(event, expected) {
    const given = headerValue(event);
    if (typeof expected !== "string" || expected === "") return false;
    if (typeof given !== "string" || given === "") return false;
    return sameSecret(given, expected);
}

async function handler(event) {
    return { isAuthorized: authorize(event, process.env.ORIGIN_VERIFY_SECRET) };
}

module.exports = { handler, authorize, HEADER };
