"use strict";
// CloudFront Function (cloudfront-js-2.0), viewer request, on the vault-ui SPA behavior only.
// A path whose last segment has no file extension is an app route: serve /index.html. Files
// (index.js, assets/logo-1a2b3c4d.svg) pass unchanged, and the API behaviors never run this,
// so an API 403/404 is never turned into the SPA page.
function handler(event) {
    var request = event.request;
    var uri = request.uri;
    var last = uri.substring(uri.lastIndexOf("/") + 1);
    if (last.indexOf(".") === -1) {
        request.uri = "/index.html";
    }
    return request;
}
