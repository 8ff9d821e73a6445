import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./errors";
import { ParseEnvironment, parseSettings } from "./parse";
import { SECRET_KEYS, SecretArgs, Settings, TesseralArgs } from "./settings";

export const CONFIG_NAMESPACE = "tesseral";
const OBJECT_KEYS = new Set(["source", "database", "network", "api"]);

/** The real file system, for validation of `source.path`. */
export const nodeEnvironment: ParseEnvironment = { fileExists: (p) => fs.existsSync(p) };

/**
 * Reads every `tesseral:*` key of the stack into component arguments. Map values arrive as JSON;
 * secret keys are read with `getSecret` so they are secret outputs from the first moment.
 */
export function readStackConfig(): TesseralArgs {
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    const raw: Record<string, unknown> = {};
    const secrets: SecretArgs = {};
    for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
        const [ns, key] = splitKey(fullKey);
        if (ns !== CONFIG_NAMESPACE) continue;
        if ((SECRET_KEYS as readonly string[]).includes(key)) {
            secrets[key as keyof SecretArgs] = config.requireSecret(key);
            continue;
        }
        const value = config.get(key);
        raw[key] = OBJECT_KEYS.has(key) && value !== undefined ? parseJson(key, value) : value;
    }
    if (Object.keys(secrets).length > 0) raw.secrets = secrets;
    return raw as unknown as TesseralArgs;
}

/** Reads and validates the stack config; throws before any resource exists. */
export function loadSettings(): Settings {
    return parseSettings(readStackConfig(), nodeEnvironment);
}

function splitKey(fullKey: string): [string, string] {
    const i = fullKey.indexOf(":");
    return i < 0 ? ["", fullKey] : [fullKey.slice(0, i), fullKey.slice(i + 1)];
}

function parseJson(key: string, value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        throw new ConfigError(key, value, "a YAML map");
    }
}
