/** Joins script lines; every step script starts strict so a failing command fails the step. */
export function script(...lines: string[]): string {
    return ["set -eu", ...lines.filter((l) => l !== "")].join("\n") + "\n";
}
