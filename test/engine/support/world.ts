// What the program needs around the real engine: a real PostgreSQL on loopback where the stand-in
// RDS "is", and the AWS emulator for the publish steps' S3/CloudFront calls.
import { startAwsEmulator, AwsEmulator } from "../../support/aws-emulator";
import { startPostgres, TestPostgres } from "../../support/postgres";
import { LambdaStandin, startLambdaStandin } from "./lambda-standin";
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
    stop(): Promise<void>;
}

export async function startWorld(): Promise<World> {
    const pg = await startPostgres(ENGINE_PG_PORT);
    const aws = await startAwsEmulator({ motoPort: ENGINE_MOTO_PORT, kmsPort: ENGINE_KMS_PORT }).catch(async (e: unknown) => {
        await pg.stop();
        throw e;
    });
    const lambda = await startLambdaStandin(ENGINE_LAMBDA_PORT);
    const engine = makeEngine({ ...aws.env, AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint, STANDIN_PG_ADMIN_DSN: pg.adminDsn, STANDIN_PG_HOST: "127.0.0.1", STANDIN_PG_PORT: String(ENGINE_PG_PORT) });
    return {
        engine, pg, aws, lambda,
        async stop() {
            engine.dispose();
            await lambda.close();
            await aws.stop();
            await pg.stop();
        },
    };
}
