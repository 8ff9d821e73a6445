/** The AWS emulator on loopback (moto + local-kms); the same one `npm run local` starts. */
export { startAwsEmulator, AwsEmulator, AwsEmulatorOptions } from "../../scripts/local/aws-emulator";
