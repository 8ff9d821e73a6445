// A team's own Pulumi project that embeds Tesseral: its own names, its own config namespace,
// its own choices. Only the package's public API (`tesseral-aws`) is used.
import * as pulumi from "@pulumi/pulumi";
import { Tesseral } from "tesseral-aws";

const config = new pulumi.Config(); // namespace: this project's name, `tesseral-consumer`

const auth = new Tesseral("auth", {
    domain: config.get("domain") ?? "id.consumer.example",
    rootUserEmail: config.require("adminEmail"),
    hostedZoneId: config.get("hostedZoneId"),
    // A checkout this team keeps next to the project (relative to the project directory).
    source: { path: config.get("tesseralSource") ?? "../tesseral" },
    // Serverless database that pauses when idle, a NAT instance: a cheap pre-production stack.
    database: { engine: "aurora-serverless", minCapacity: 0, maxCapacity: 2, backupRetentionDays: 3 },
    network: { nat: "instance" },
    api: { memoryMb: 512, logRetentionDays: 14, alarmEmail: config.get("alarmEmail") },
    // This team deploys from a CI runner inside the VPC, so migrate/bootstrap run there.
    runner: "local",
    protect: config.getBoolean("protect") ?? false,
    // Required: Tesseral creates a Stripe customer and a Svix application for every new project.
    secrets: {
        stripeApiKey: config.requireSecret("stripeApiKey"),
        svixApiKey: config.requireSecret("svixApiKey"),
        sentryDsn: config.getSecret("sentryDsn"),
    },
});

export const loginUrl = auth.consoleUrl;
export const vaultUrl = auth.vaultUrl;
export const backendApiUrl = auth.backendApiUrl;
export const projectId = auth.dogfoodProjectId;
export const adminPassword = auth.bootstrapUserPassword; // secret
export const dnsRecords = auth.dnsRecords;
export const sesIdentities = auth.sesIdentities;
