import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { lambdaAssumeRolePolicy, PolicyDocument } from "./policy";

/** A log group with a fixed name and retention (Lambda's `/aws/lambda/<function>`, or API access logs). */
export function logGroup(name: string, parent: pulumi.Resource, logGroupName: string, retentionInDays: number): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(name, { name: logGroupName, retentionInDays }, { parent });
}

export interface FunctionRole {
    role: aws.iam.Role;
    /** The inline policy: a function using the role must wait for it. */
    policy: aws.iam.RolePolicy;
}

/** One role a Lambda function assumes, with one inline policy and nothing attached. */
export function functionRole(name: string, parent: pulumi.Resource, description: string, policy: pulumi.Output<PolicyDocument>): FunctionRole {
    const role = new aws.iam.Role(`${name}-role`, {
        description,
        assumeRolePolicy: JSON.stringify(lambdaAssumeRolePolicy()),
    }, { parent });
    const rolePolicy = new aws.iam.RolePolicy(`${name}-policy`, {
        role: role.id,
        policy: policy.apply((p) => JSON.stringify(p)),
    }, { parent });
    return { role, policy: rolePolicy };
}
