// What the program needs around the real engine: a real PostgreSQL on loopback where the stand-in
// RDS "is", and the AWS emulator for the publish steps' S3/CloudFront calls.
import { startAwsEmulator, AwsEmulator } from "../../support/aws-emulator";
import { startPostgres, TestPostgres } from "../../support/postgres";
import { Engine, makeEngine } from "./real-engine";

/** The program's RDS port (database.ts `port: 5432`): the loopback server listens where the DSN points. */
export const ENGINE_PG_PORT = 5432;
/** Ports of the AWS emulator for this layer (apart from `npm run local`'s and test/e2e's). */
export const ENGINE_MOTO_PORT = 45760;
export const ENGINE_KMS_PORT = 45770;

export interface World {
    engine: Engine;
    pg: TestPostgres;
    aws: AwsEmulator;
    stop(): Promise<void>;
}

export async function startWorld(): Promise<World> {
    const pg = await startPostgres(ENGINE_PG_PORT);
    const aws = await startAwsEmulator({ motoPort: ENGINE_MOTO_PORT, kmsPort: ENGINE_KMS_PORT }).catch(async (e: unknown) => {
        await pg.stop();
        throw e;
    });
    const engine = makeEngine({ ...aws.env, STANDIN_PG_ADMIN_DSN: pg.adminDsn, STANDIN_PG_HOST: "127.0.0.1", STANDIN_PG_PORT: String(ENGINE_PG_PORT) });
    return {
        engine, pg, aws,
        async stop() {
            engine.dispose();
            await aws.stop();
            await pg.stop();
        },
    };
}
