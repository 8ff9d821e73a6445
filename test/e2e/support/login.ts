/**
 * A person logging into the console: open the console URL, follow Tesseral to the vault's login
 * page, log in with the e-mail and password, and land back on the console signed in. A
 * screenshot of every stage goes to `outDir`.
 */
import * as path from "path";
import { Page } from "playwright-core";

export interface LoginResult {
    /** URL of the login page Tesseral sent the browser to. */
    loginUrl: string;
    /** URL once signed in. */
    finalUrl: string;
    /** The signed-in page's visible text. */
    text: string;
}

export async function loginToConsole(page: Page, opts: { consoleUrl: string; email: string; password: string; outDir: string; signedInText: RegExp }): Promise<LoginResult> {
    const shot = (name: string) => page.screenshot({ path: path.join(opts.outDir, `${name}.png`), fullPage: true });
    try {
        await page.goto(opts.consoleUrl, { waitUntil: "domcontentloaded" });
        const email = page.locator('input[type="email"]');
        await email.waitFor({ timeout: 60_000 });
        const loginUrl = page.url();
        await shot("1-login-page");
        await email.fill(opts.email);
        await page.locator('input[type="password"]').fill(opts.password);
        await shot("2-login-filled");
        await page.getByRole("button", { name: /log in with password/i }).click();
        await page.waitForURL((u) => u.hostname === new URL(opts.consoleUrl).hostname, { timeout: 60_000 });
        await page.getByText(opts.signedInText).first().waitFor({ timeout: 60_000 });
        await shot("3-signed-in");
        return { loginUrl, finalUrl: page.url(), text: await page.locator("body").innerText() };
    } catch (e) {
        await shot("failed").catch(() => undefined);
        throw new Error(`login failed at ${page.url()}: ${e instanceof Error ? e.message : String(e)}`);
    }
}
