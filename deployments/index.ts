// Pulumi Deployments for one stack of tesseral-aws: where the code comes from (git), how to
// prepare it (`npm ci`), how to reach AWS (OIDC, no stored keys) and the environment of the
// operation. Run it once per stack (or again after changing its config):
//
//   cd deployments && npm install && pulumi stack init tesseral-dev
//   pulumi config set stack dev
//   pulumi config set repoUrl https://github.com/acme/tesseral-aws.git
//   pulumi config set awsRoleArn arn:aws:iam::123456789012:role/pulumi-deployments
//   pulumi up
//
// The target stack must use `tesseral:runner: lambda` (the default): Deployments runs outside the
// VPC, so migrate and bootstrap must run in the in-VPC ops function.
import * as pulumi from "@pulumi/pulumi";
import * as service from "@pulumi/pulumiservice";

const config = new pulumi.Config();

/** The stack being deployed, `<organization>/<project>/<stack>`. */
const organization = config.get("organization") ?? pulumi.getOrganization();
const project = config.get("project") ?? "tesseral-aws";
const stack = config.require("stack");

/** Git source: the repository that holds this project, and the branch to deploy. */
const repoUrl = config.require("repoUrl");
const branch = config.get("branch") ?? "main";
/** Where Pulumi.yaml sits inside the repository. Default: its root. */
const repoDir = config.get("repoDir");

/** AWS through OIDC: Pulumi Cloud assumes this role (its trust policy names api.pulumi.com/oidc). */
const awsRoleArn = config.require("awsRoleArn");
const awsSessionName = config.get("awsSessionName") ?? `pulumi-deployments-${stack}`;
const awsDuration = config.get("awsDuration") ?? "1h0m0s";

/** Extra environment for the operation: plain values, and secret ones (stored encrypted). */
const environment = config.getObject<Record<string, string>>("environmentVariables") ?? {};
const secretEnvironment = config.getSecretObject<Record<string, string>>("secretEnvironmentVariables");

/** The executor image: it needs Node.js 20+ and Go 1.24+ (the chain builds Tesseral from source). */
const executorImage = config.get("executorImage");

const environmentVariables: pulumi.Input<Record<string, pulumi.Input<string>>> = pulumi
    .all([secretEnvironment ?? pulumi.output({} as Record<string, string>)])
    .apply(([secrets]) => {
        const env: Record<string, pulumi.Input<string>> = {
            // CI-friendly npm and Pulumi, and Go's caches inside the workspace.
            CI: "true",
            NPM_CONFIG_FUND: "false",
            NPM_CONFIG_AUDIT: "false",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            GOFLAGS: "-modcacherw",
            ...environment,
        };
        for (const [k, v] of Object.entries(secrets)) env[k] = pulumi.secret(v);
        return env;
    });

const settings = new service.DeploymentSettings("deployment-settings", {
    organization,
    project,
    stack,
    sourceContext: {
        git: { repoUrl, branch, ...(repoDir ? { repoDir } : {}) },
    },
    operationContext: {
        // Our own install (reproducible, from package-lock.json) instead of the default one.
        preRunCommands: ["npm ci"],
        options: { skipInstallDependencies: true },
        oidc: {
            aws: { roleARN: awsRoleArn, sessionName: awsSessionName, duration: awsDuration },
        },
        environmentVariables,
    },
    ...(executorImage ? { executorContext: { executorImage } } : {}),
});

export const deploymentStack = pulumi.interpolate`${settings.organization}/${settings.project}/${settings.stack}`;
export const source = { repoUrl, branch, repoDir: repoDir ?? "." };
export const awsRole = awsRoleArn;
