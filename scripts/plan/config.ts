/** Stack config of a `Pulumi.<stack>.yaml` made fit for an offline evaluation. */
import { REQUIRED_SECRETS } from "../../components/config/required-secrets";

/** What stands in for an encrypted config value: the plan never decrypts (it has no key). */
export const SECRET_PLACEHOLDER = "offline-plan-placeholder";

export interface OfflineConfig {
    config: Record<string, unknown>;
    /** Keys (with namespace) whose value is secret in the stack file. */
    secretKeys: string[];
    /** Required secrets the stack file lacks: planned with a placeholder, reported by the plan. */
    missingRequired: string[];
}

/** The secrets `pulumi up` refuses a stack without (see components/config/required-secrets.ts). */
const REQUIRED = REQUIRED_SECRETS.map((k) => `tesseral:${k}`);

/** True for `{ secure: "..." }`, the way a stack file holds a value set with `--secret`. */
export function isSecure(v: unknown): boolean {
    return !!v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { secure?: unknown }).secure === "string";
}

/**
 * Replaces each encrypted value by a placeholder marked secret; other values are kept as they are.
 * A required secret the file lacks is planned with a placeholder too, and listed as missing.
 */
export function offlineConfig(raw: Record<string, unknown>): OfflineConfig {
    const config: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    for (const [k, v] of Object.entries(raw)) {
        if (isSecure(v)) {
            config[k] = SECRET_PLACEHOLDER;
            secretKeys.push(k);
        } else {
            config[k] = v;
        }
    }
    const missingRequired = REQUIRED.filter((k) => raw[k] === undefined);
    for (const k of missingRequired) config[k] = SECRET_PLACEHOLDER;
    return { config, secretKeys: secretKeys.sort(), missingRequired };
}
