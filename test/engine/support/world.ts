// What the program needs around the real engine: a real PostgreSQL on loopback where the stand-in
// RDS "is", and the AWS emulator for the publish steps' S3/CloudFront calls.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startAwsEmulator, AwsEmulator } from "../../support/aws-emulator";
import { startPostgres, TestPostgres } from "../../support/postgres";
import { LambdaStandin, startLambdaStandin } from "./lambda-standin";
import { PostgresAt, startPostgresAt } from "./postgres-at";
import { Engine, makeEngine } from "./real-engine";

/** The program's RDS port (database.ts `port: 5432`): the loopback server listens where the DSN points. */
export const ENGINE_PG_PORT = 5432;
/** Ports of the AWS emulator for this layer (apart from `npm run local`'s and test/e2e's). */
export const ENGINE_MOTO_PORT = 45760;
export const ENGINE_KMS_PORT = 45770;
/** Port of the stand-in Lambda Invoke API (the rollout's health gate calls it). */
export const ENGINE_LAMBDA_PORT = 45780;

export interface World {
    engine: Engine;
    pg: TestPostgres;
    aws: AwsEmulator;
    lambda: LambdaStandin;
    /** More PostgreSQL servers, on 127.0.0.2, 127.0.0.3, ... (port 5432): where replaced databases go. */
    morePg: PostgresAt[];
    /** The stand-in's own records across its processes (its ledger: aws-standin/ledger.ts). */
    standinStateDir: string;
    stop(): Promise<void>;
}

export interface WorldOptions {
    /** How many PostgreSQL servers stand in for RDS (default 1; 2 to replace a database). */
    databaseServers?: number;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
    const pg = await startPostgres(ENGINE_PG_PORT);
    const morePg: PostgresAt[] = [];
    for (let i = 2; i <= (options.databaseServers ?? 1); i++) morePg.push(await startPostgresAt(`127.0.0.${i}`, ENGINE_PG_PORT));
    const standinStateDir = fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-standin-"));
    const servers = [{ host: "127.0.0.1", port: ENGINE_PG_PORT, adminDsn: pg.adminDsn }, ...morePg.map((p) => ({ host: p.host, port: p.port, adminDsn: p.adminDsn }))];
    const aws = await startAwsEmulator({ motoPort: ENGINE_MOTO_PORT, kmsPort: ENGINE_KMS_PORT }).catch(async (e: unknown) => {
        await pg.stop();
        throw e;
    });
    const lambda = await startLambdaStandin(ENGINE_LAMBDA_PORT);
    const engine = makeEngine({ ...aws.env, AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint, STANDIN_PG_SERVERS: JSON.stringify(servers), STANDIN_STATE_DIR: standinStateDir });
    return {
        engine, pg, aws, lambda, morePg, standinStateDir,
        async stop() {
            engine.dispose();
            await lambda.close();
            await aws.stop();
            await pg.stop();
            for (const p of morePg) await p.stop();
            fs.rmSync(standinStateDir, { recursive: true, force: true });
        },
    };
}
