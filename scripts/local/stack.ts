/**
 * Tesseral on this machine, from the program's own code: a real PostgreSQL with TLS (the RDS
 * instance), the AWS emulator, the program deployed by the executing engine (real builds,
 * migrate, bootstrap), the real `api` started as Lambda starts it, and the edge built from the
 * recorded distributions. Shared by the real-Tesseral test layer and `npm run local`.
 */
import * as fs from "fs";
import * as path from "path";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { startPostgres, TestPostgres } from "../../test/support/postgres";
import { ApiProcess, startApi } from "./api-process";
import { AwsEmulator, startAwsEmulator } from "./aws-emulator";
import { ProjectServices, startProjectServices } from "./project-services";

/** The Stripe and Svix keys of a local stack: only the loopback stand-ins ever see them. */
export const LOCAL_PROJECT_SERVICE_KEYS = { stripeApiKey: "sk_test_tesseral_local_stand_in", svixApiKey: "testsk_tesseral_local_stand_in" };
import { LocalDeployment } from "./deploy";
import { LocalEdge, OriginAnswer, startLocalEdge } from "./edge";
import { assertPortFree } from "./ports";

export interface LocalPorts {
    postgres: number;
    moto: number;
    /** KMS (the guard); local-kms takes the next port. */
    kms: number;
    /** The edge's HTTPS port: 443, so the URLs Tesseral builds work in a browser. */
    edge: number;
}

export interface LocalStackOptions {
    /** The Tesseral checkout to build. */
    sourceDir: string;
    /** Pulumi project folder of the local stack (build outputs, logs). */
    projectDir: string;
    /** Base domain; `*.localhost` resolves to loopback in browsers without touching /etc/hosts. */
    domain: string;
    rootUserEmail: string;
    ports: LocalPorts;
    /** Extra stack config. */
    config?: Record<string, unknown>;
    progress?: (line: string) => void;
}

/** The database the program's RDS instance stands for. */
export const LOCAL_DB = { user: "tesseral", database: "tesseral" };

export class LocalStack {
    pg: TestPostgres | undefined;
    emulator: AwsEmulator | undefined;
    /** Stripe and Svix on loopback (the api reaches them through HTTPS_PROXY). */
    services: ProjectServices | undefined;
    deployment: LocalDeployment | undefined;
    api: ApiProcess | undefined;
    edge: LocalEdge | undefined;
    /** Milliseconds from starting the api to its first healthy answer. */
    apiStartMs = 0;
    private readonly dbPassword = "local-db-password-0123456789abcdef";

    constructor(readonly opts: LocalStackOptions) {}

    private say(line: string): void {
        this.opts.progress?.(line);
    }

    /** Starts PostgreSQL and the emulator; the deployment is ready for `up`. */
    async prepare(): Promise<LocalDeployment> {
        const { ports } = this.opts;
        await assertPortFree(ports.postgres, "PostgreSQL");
        await assertPortFree(ports.moto, "the AWS emulator");
        await assertPortFree(ports.kms, "KMS");
        await assertPortFree(ports.kms + 1, "local-kms");
        this.say(`starting PostgreSQL on 127.0.0.1:${ports.postgres} and the AWS emulator`);
        this.pg = await startPostgres(ports.postgres);
        await this.pg.createOwnedDatabase(LOCAL_DB.user, this.dbPassword, LOCAL_DB.database);
        this.emulator = await startAwsEmulator({ motoPort: ports.moto, kmsPort: ports.kms });
        this.services = await startProjectServices(LOCAL_PROJECT_SERVICE_KEYS);
        fs.mkdirSync(this.opts.projectDir, { recursive: true });
        this.deployment = new LocalDeployment({
            projectDir: this.opts.projectDir, stack: "local", emulator: this.emulator,
            db: { host: "127.0.0.1", port: ports.postgres, password: this.dbPassword },
            config: {
                "aws:region": this.emulator.region, domain: this.opts.domain, rootUserEmail: this.opts.rootUserEmail,
                runner: "local", protect: "false", source: { path: this.opts.sourceDir }, ...LOCAL_PROJECT_SERVICE_KEYS, ...this.opts.config,
            },
        });
        return this.deployment;
    }

    /** A DSN of the local database for another database name (the ops runner's test uses one). */
    async createDatabase(name: string): Promise<string> {
        await this.pg!.query(`CREATE DATABASE ${name} OWNER ${LOCAL_DB.user}`);
        return `postgres://${LOCAL_DB.user}:${this.dbPassword}@127.0.0.1:${this.opts.ports.postgres}/${name}?sslmode=require`;
    }

    /** Starts the api (as Lambda would) and the edge, from the last deployment. */
    async serve(): Promise<void> {
        const d = this.deployment!;
        const env = d.functionEnvironment();
        this.say(`starting the api (${env.API_SERVE_ADDR}) and the edge on https://127.0.0.1:${this.opts.ports.edge}`);
        await assertPortFree(this.opts.ports.edge, "the local edge (HTTPS)");
        const t = Date.now();
        this.api = await startApi({
            apiDir: d.apiDir(), functionEnvironment: env, lambdaEnvironment: { ...this.emulator!.env, ...this.services!.env },
            logFile: path.join(this.opts.projectDir, "logs", "api.log"),
        });
        this.apiStartMs = Date.now() - t;
        const rec = d.last!.recorder;
        const siteFolders: Record<string, string> = {
            [d.aws.bucket("tesseral-edge-console-site-bucket")]: d.buildDir("console", "public"),
            [d.aws.bucket("tesseral-edge-vault-ui-site-bucket")]: d.buildDir("vault-ui", "public"),
        };
        const s3 = d.aws.s3;
        const readObject = async (bucket: string, key: string): Promise<OriginAnswer> => {
            try {
                const o = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
                return { status: 200, headers: { "content-type": o.ContentType ?? "application/octet-stream" }, body: Buffer.from(await o.Body!.transformToByteArray()) };
            } catch {
                return { status: 403, headers: { "content-type": "application/xml" }, body: Buffer.from("<Error><Code>AccessDenied</Code></Error>") };
            }
        };
        this.edge = await startLocalEdge({ recorder: rec, port: this.opts.ports.edge, apiPort: this.api.port, siteFolders, readObject });
    }

    /** Stops everything it started, last first. */
    async stop(): Promise<void> {
        await this.edge?.close();
        await this.api?.stop();
        await this.services?.stop();
        await this.emulator?.stop();
        await this.pg?.stop();
    }
}
