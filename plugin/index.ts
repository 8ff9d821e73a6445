// The component plugin other languages add (`pulumi package add <repo>/plugin`). It lives in its own
// folder because the Pulumi CLI refuses a folder that holds both PulumiPlugin.yaml and Pulumi.yaml
// (the program at the root). Its package.json names the package (`tesseral-aws`, the type tokens'
// prefix); modules resolve from the repository's node_modules.
export { Tesseral } from "../components/plugin";
