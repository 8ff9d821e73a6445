"use strict";
// CloudFront Function (cloudfront-js-2.0), viewer request, on the vault's /api/* and /.well-known/*.
// Tesseral finds a vault's project from X-Tesseral-Host, so it must be the host name the browser
// asked for, never a value the client chose: it is always overwritten with the viewer's Host.
function handler(event) {
    var request = event.request;
    var host = request.headers.host ? request.headers.host.value : "";
    request.headers["x-tesseral-host"] = { value: host.toLowerCase() };
    return request;
}
