"use strict";
// CloudFront Function (cloudfront-js-2.0), viewer request, on the vault's /api/* and /.well-known/*.
// Tesseral finds a vault's project from X-Tesseral-Host, so it must be the host name the browser
// asked for, never a value the client chose: it is always overwritten with the viewer's Host.
// Of Tesseral's internal paths only the health check and the Connect services the console and the
// vault call (/api/internal/connect/*) are public; the rest (e.g. /api/internal/panic, which makes
// the API panic on request) answers 404 here and never reaches the API.
function handler(event) {
    var request = event.request;
    var uri = request.uri;
    if (uri.indexOf("/api/internal/") === 0 && uri !== "/api/internal/health" && uri.indexOf("/api/internal/connect/") !== 0) {
        return { statusCode: 404, statusDescription: "Not Found" };
    }
    var host = request.headers.host ? request.headers.host.value : "";
    request.headers["x-tesseral-host"] = { value: host.toLowerCase() };
    return request;
}
