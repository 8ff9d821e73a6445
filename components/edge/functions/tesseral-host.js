"use strict";
// CloudFront Function (cloudfront-js-2.0), viewer request, on the vault's /api/* and /.well-known/*.
// Tesseral finds a vault's project from X-Tesseral-Host, so it must be the host name the browser
// asked for, never a value the client chose: it is always overwritten with the viewer's Host.
// Of Tesseral's internal paths only the health check and the Connect services the console and the
// vault call (/api/internal/connect/*) are public; the rest (e.g. /api/internal/panic, which makes
// the API panic on request) answers 404 here and never reaches the API.
// The check is made on the path as Go's router sees it: percent-decoded, `.`/`..` resolved and
// repeated slashes collapsed (`/api/internal/%70anic`, `/api//internal/panic` and
// `/api/internal/connect/../panic` are the panic path too); a path that does not decode is refused.
function routedPath(uri) {
    var decoded;
    try {
        decoded = decodeURIComponent(uri);
    }
    catch (e) {
        return undefined;
    }
    var out = [];
    var parts = decoded.split("/");
    for (var i = 0; i < parts.length; i++) {
        var p = parts[i];
        if (p === "" || p === ".")
            continue;
        if (p === "..") {
            out.pop();
            continue;
        }
        out.push(p);
    }
    var trailing = decoded.length > 1 && decoded.charAt(decoded.length - 1) === "/" ? "/" : "";
    return "/" + out.join("/") + (out.length > 0 ? trailing : "");
}
function isPrivate(uri) {
    var path = routedPath(uri);
    if (path === undefined)
        return true;
    if (path !== "/api/internal" && path.indexOf("/api/internal/") !== 0)
        return false;
    return path !== "/api/internal/health" && path.indexOf("/api/internal/connect/") !== 0;
}
function handler(event) {
    var request = event.request;
    if (isPrivate(request.uri)) {
        return { statusCode: 404, statusDescription: "Not Found" };
    }
    var host = request.headers.host ? request.headers.host.value : "";
    request.headers["x-tesseral-host"] = { value: host.toLowerCase() };
    return request;
}
