import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { EdgeFunctionName } from "./routing";

export const FUNCTION_RUNTIME = "cloudfront-js-2.0";

/** The code of a CloudFront Function, read from `functions/<name>.js` (the file tests execute). */
export function functionCode(name: EdgeFunctionName): string {
    return fs.readFileSync(path.join(__dirname, "functions", `${name}.js`), "utf8");
}

/** Publishes the named functions (LIVE stage) and returns their ARNs by name. */
export function edgeFunctions(
    prefix: string, names: EdgeFunctionName[], parent: pulumi.Resource,
): Map<EdgeFunctionName, pulumi.Output<string>> {
    const arns = new Map<EdgeFunctionName, pulumi.Output<string>>();
    for (const name of [...new Set(names)]) {
        const fn = new aws.cloudfront.Function(`${prefix}-${name}`, {
            runtime: FUNCTION_RUNTIME,
            code: functionCode(name),
            comment: `tesseral ${name}`,
            publish: true,
        }, { parent });
        arns.set(name, fn.arn);
    }
    return arns;
}
