/** Pure checks on single values of the stack config. */

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A DNS host name of two or more labels (letters, digits, hyphens; no leading/trailing hyphen). */
export function isDomainName(value: string): boolean {
    if (value.length === 0 || value.length > 253) return false;
    const labels = value.split(".");
    if (labels.length < 2) return false;
    if (!labels.every((l) => LABEL.test(l))) return false;
    // The top-level label is never all digits (that would be an IP address).
    return !/^[0-9]+$/.test(labels[labels.length - 1]);
}

/** True when `child` is a proper sub-domain of `parent` (`a.b.c` of `b.c`, not `xb.c`). */
export function isSubdomainOf(child: string, parent: string): boolean {
    return child.length > parent.length && child.endsWith(`.${parent}`);
}

/** A pragmatic e-mail address check: one `@`, a non-empty local part, a domain name. */
export function isEmailAddress(value: string): boolean {
    const at = value.lastIndexOf("@");
    if (at <= 0 || value.indexOf("@") !== at) return false;
    const local = value.slice(0, at);
    const domain = value.slice(at + 1).toLowerCase();
    return /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}$/.test(local) && !local.startsWith(".") &&
        !local.endsWith(".") && !local.includes("..") && isDomainName(domain);
}

/** The id Tesseral's bootstrap prints: `project_` and 25 characters of `0-9a-z`. */
export function isProjectId(value: string): boolean {
    return /^project_[0-9a-z]{25}$/.test(value);
}

/** A git ref we can fetch: a commit, tag or branch name without shell-significant characters. */
export function isGitRef(value: string): boolean {
    return /^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/.test(value) && !value.includes("..");
}

/** A git remote we can clone: https, ssh (`git@host:path`) or a local `file://` URL. */
export function isGitUrl(value: string): boolean {
    return /^(https:\/\/|ssh:\/\/|file:\/\/)[^\s'"`$\\]+$/.test(value) ||
        /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\s'"`$\\]+$/.test(value);
}
