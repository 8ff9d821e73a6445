import { isEmailAddress, isProjectId } from "../config/rules";

/** What Tesseral's bootstrap prints, parsed. `bootstrapUserPassword` is a live admin credential. */
export interface BootstrapResult {
    dogfoodProjectId: string;
    bootstrapUserEmail: string;
    bootstrapUserPassword: string;
}

/**
 * Parses bootstrap's single tab-separated line `<project id>\t<email>\t<password>\n`.
 * Errors describe the shape only: they never quote the text, which holds the password.
 */
export function parseBootstrapOutput(stdout: string): BootstrapResult {
    const lines = stdout.split(/\r?\n/).filter((l) => l.trim() !== "");
    if (lines.length !== 1) {
        throw new Error(`bootstrap printed ${lines.length} non-empty lines; expected exactly one "<project id>\\t<email>\\t<password>" line`);
    }
    const fields = lines[0].split("\t");
    if (fields.length !== 3) {
        throw new Error(`bootstrap's line has ${fields.length} tab-separated fields; expected 3 (project id, email, password)`);
    }
    const [dogfoodProjectId, bootstrapUserEmail, bootstrapUserPassword] = fields.map((f) => f.trim());
    if (!isProjectId(dogfoodProjectId)) {
        throw new Error("bootstrap's first field is not a project id (project_ followed by 25 characters of 0-9a-z)");
    }
    if (!isEmailAddress(bootstrapUserEmail)) throw new Error("bootstrap's second field is not an e-mail address");
    if (bootstrapUserPassword.length < 16 || /\s/.test(bootstrapUserPassword)) {
        throw new Error("bootstrap's third field is not a password (16 or more characters, no spaces)");
    }
    return { dogfoodProjectId, bootstrapUserEmail, bootstrapUserPassword };
}
