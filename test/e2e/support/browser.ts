/**
 * Headless Chromium (Debian's package) driven by playwright-core. Started with no network but
 * loopback: `*.localhost` names resolve to 127.0.0.1 (Chromium's own rule, made explicit), the
 * edge's self-signed certificate is accepted, and background connections are off. Playwright
 * gives each launch a fresh, temporary profile.
 */
import * as fs from "fs";
import { chromium, Browser, BrowserContext } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function chromiumMissing(): string | undefined {
    return fs.existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found (apt-get install chromium, or set CHROMIUM_PATH)`;
}

export interface HeadlessBrowser {
    browser: Browser;
    context: BrowserContext;
    close(): Promise<void>;
}

export async function startBrowser(): Promise<HeadlessBrowser> {
    const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
            "--host-resolver-rules=MAP *.localhost 127.0.0.1, MAP localhost 127.0.0.1",
        ],
    });
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
    return {
        browser, context,
        async close() {
            await context.close();
            await browser.close();
        },
    };
}
