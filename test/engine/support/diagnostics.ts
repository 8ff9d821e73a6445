/** The Diagnostics section of a pulumi command's output (what went wrong), or its tail. */
export function diagnostics(r: { stdout: string; stderr: string }): string {
    const at = r.stdout.indexOf("Diagnostics:");
    return (at >= 0 ? r.stdout.slice(at, at + 6000) : r.stdout.slice(-4000)) + r.stderr;
}
