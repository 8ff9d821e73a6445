/**
 * CloudFront's managed policies, by id. AWS publishes these ids and they never change:
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html
 */

/** Managed-CachingDisabled: TTL 0, nothing in the cache key. With it, AllViewer* policies may forward Authorization. */
export const CACHING_DISABLED_POLICY_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
/** Managed-CachingOptimized: no headers, cookies or query strings in the key; honours origin Cache-Control (TTL 1s..1y, default 1d). */
export const CACHING_OPTIMIZED_POLICY_ID = "658327ea-f89d-4fab-a63d-7e88639e58f6";
/** Managed-AllViewerExceptHostHeader: every viewer header but Host, all cookies, all query strings. */
export const ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

/** Every method CloudFront knows: what an API behavior allows. */
export const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
/** What a static site needs. */
export const READ_METHODS = ["GET", "HEAD"];
/** Only these are ever cached. */
export const CACHED_METHODS = ["GET", "HEAD"];

/** The custom origin header that proves a request came through this CloudFront (the API refuses requests without it). */
export const ORIGIN_VERIFY_HEADER = "x-origin-verify";

/** Seconds of HSTS: two years, as hstspreload.org asks. */
export const HSTS_MAX_AGE_SECONDS = 63072000;

/** TTLs (seconds) of the short cache user content gets: logos are overwritten in place under the same key. */
export const SHORT_CACHE_TTL = { min: 0, default: 60, max: 300 };
