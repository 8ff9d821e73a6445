// What `pulumi package add` loads (plugin/PulumiPlugin.yaml runs plugin/index.ts, which re-exports this): only the components whose
// args and outputs other languages can take. The rest of the package (components/index.ts) is
// for TypeScript users.
export { Tesseral } from "./tesseral";
