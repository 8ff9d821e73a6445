// The entry point `pulumi package add` loads (plugin/PulumiPlugin.yaml): only the components whose
// args and outputs other languages can take. The rest of the package (components/index.ts) is for
// TypeScript users.
export { Tesseral } from "../components/tesseral";
