import { ConfigError } from "./errors";
import { Settings } from "./settings";

/**
 * Settings the contract accepts but this version cannot deploy yet. Refused before anything is
 * created, with the setting named, instead of being silently ignored.
 */
export function assertDeployable(settings: Settings): void {
    if (settings.database.engine !== "rds") {
        throw new ConfigError("database.engine", settings.database.engine, "rds in this version (aurora-serverless is not built yet)");
    }
    if (!settings.network.vpcId && settings.network.nat !== "gateway") {
        throw new ConfigError("network.nat", settings.network.nat, "gateway in this version (the NAT instance is not built yet)");
    }
}
