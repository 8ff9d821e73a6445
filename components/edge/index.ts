export { Edge, EdgeArgs } from "./edge";
export { EdgeRoute, EdgeOrigin, EdgeSite, EdgeCaching, EdgeForwarding, EdgeFunctionName, edgeRoutes, edgeHosts } from "./routing";
export { EdgeCertificate } from "./certificate";
export { SiteBucket, cloudFrontReadPolicy } from "./spa-site";
export { planSync, isContentHashed, cacheControlFor, SyncPlan, SiteManifest } from "./sync";
