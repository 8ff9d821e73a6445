import * as fs from "fs";
import * as path from "path";
import * as https from "https";
import { expect } from "chai";
import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import { ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { BOOTSTRAP_SCRIPT } from "../../components/chain/local-runner";
import { spawnSync } from "child_process";
import { evaluateProgram } from "../support/evaluate";
import { hostArchitecture } from "../support/fixture";
import { failureMessage } from "../support/errors";
import { isSecret, plain } from "../support/values";
import { readZip } from "../support/zip";
import { LocalStack } from "../../scripts/local/stack";
import { copyTree } from "../../scripts/local/real-source";
import { chromiumMissing, startBrowser, HeadlessBrowser } from "./support/browser";
import { E2E_OUTPUT, E2E_PORTS, freshDir, realSource } from "./support/layer";
import { loginToConsole } from "./support/login";
import { apiSettingsFromSource, OPTIONAL_API_SETTINGS } from "./support/api-settings";
import { runHealthGate } from "../../components/api/health-gate";
import { localInvoke } from "../../scripts/local/lambda-invoke";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the ops function's handler, plain JS
const { createHandler } = require("../../components/runner/ops-handler.js") as {
    createHandler(o: { getDsn: () => Promise<string>; binDir: string }): (event: unknown) => Promise<Record<string, string>>;
};

const DOMAIN = "tesseral.localhost";
const EMAIL = "root@example.com";
const ELF_MACHINE = { x86_64: 0x3e, arm64: 0xb7 } as const;
/** A 1×1 PNG. */
const PNG_1X1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

/** One HTTPS request to the local edge, as a browser on this machine would send it. */
function edgeRequest(host: string, p: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
        https.get({ host: "127.0.0.1", port: E2E_PORTS.edge, servername: host, path: p, headers: { host, ...headers }, rejectUnauthorized: false }, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (c) => { body += c; });
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        }).on("error", reject);
    });
}

/**
 * Layer 4: the real Tesseral at the pinned commit, end to end, through the program's own code:
 * its build steps, both runners, the Lambda's environment, the routing the edge is built from,
 * and a browser logging into the console. @e2e
 */
describe("the real Tesseral, end to end @e2e", function () {
    this.timeout(45 * 60 * 1000);
    const source = realSource();
    let stack: LocalStack;
    let tree: string;
    let armZip: Buffer;
    const timings: Record<string, number> = {};
    let browser: HeadlessBrowser | undefined;

    before(async function () {
        if ("skip" in source) {
            console.log(`    real-Tesseral layer skipped: ${source.skip}`);
            this.skip();
        }
        const missing = chromiumMissing();
        if (missing) throw new Error(`the real-Tesseral layer needs a browser: ${missing}`);
        fs.rmSync(E2E_OUTPUT, { recursive: true, force: true });
        fs.mkdirSync(E2E_OUTPUT, { recursive: true });
        const work = freshDir("work");
        tree = copyTree(source.dir, path.join(work, "src"));
        stack = new LocalStack({
            sourceDir: tree, projectDir: path.join(work, "project"), domain: DOMAIN, rootUserEmail: EMAIL, ports: E2E_PORTS,
            config: { api: { architecture: "arm64" } },
        });
        const d = await stack.prepare();
        // 1. The stack as deployed: the linux/arm64 Lambda zip.
        let t = Date.now();
        await d.up();
        timings["first up (cold builds, migrate, bootstrap)"] = Date.now() - t;
        for (const [step, ms] of d.engine.durations) timings[`step ${step}`] = ms;
        armZip = fs.readFileSync(path.join(d.apiDir(), "lambda.zip"));
        // 2. An upgrade with no new migration (openauthctl changes, so migrate runs and finds nothing),
        //    and the api built for this machine so it can run here.
        fs.appendFileSync(path.join(tree, "cmd", "openauthctl", "main.go"), "\n// an upgrade without a new migration\n");
        t = Date.now();
        await d.up({ api: { architecture: hostArchitecture() } });
        timings["second up (upgrade, api for this machine)"] = Date.now() - t;
        await stack.serve();
        timings["api process start to healthy"] = stack.apiStartMs;
        timings["lambda zip bytes"] = armZip.length;
    });

    after(async () => {
        await browser?.close();
        await stack?.stop();
        if (Object.keys(timings).length > 0) {
            fs.writeFileSync(path.join(E2E_OUTPUT, "timings.json"), JSON.stringify(timings, null, 2));
            console.log(`    real-Tesseral layer timings (s): ${Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join("; ")}`);
        }
    });

    it("built the linux/arm64 Lambda zip as deployed: an aarch64 `api` and its `bootstrap` wrapper", async () => {
        const entries = readZip(armZip);
        expect(entries.map((e) => e.name).sort()).to.deep.equal(["api", "bootstrap"]);
        const api = entries.find((e) => e.name === "api")!;
        expect(api.data.subarray(0, 4).toString("latin1")).to.equal("\x7fELF");
        expect(api.data.readUInt16LE(18)).to.equal(ELF_MACHINE.arm64);
        expect(api.mode & 0o111).to.not.equal(0);
    });

    it("built the api for this machine on the second up, and openauthctl, vault-ui and the console", async () => {
        const d = stack.deployment!;
        const api = fs.readFileSync(path.join(d.apiDir(), "api"));
        expect(api.readUInt16LE(18)).to.equal(ELF_MACHINE[hostArchitecture()]);
        expect(fs.statSync(d.buildDir("openauthctl", "openauthctl")).size).to.be.greaterThan(1_000_000);
        expect(fs.existsSync(d.buildDir("vault-ui", "public", "index.html"))).to.equal(true);
        expect(fs.existsSync(d.buildDir("console", "public", "index.html"))).to.equal(true);
    });

    it("migrated the real schema to the newest migration", async () => {
        const migrations = fs.readdirSync(path.join(tree, "cmd", "openauthctl", "migrations")).filter((f) => f.endsWith(".up.sql"));
        const newest = Math.max(...migrations.map((f) => Number(f.split("_")[0])));
        const rows = await stack.pg!.query<{ version: string; dirty: boolean }>("select version, dirty from schema_migrations");
        expect(rows).to.deep.equal([{ version: String(newest), dirty: false }]);
    });

    it("upgraded with no new migration: migrate ran again (openauthctl's `no change`) and succeeded; bootstrap did not run", async () => {
        const actions = Object.fromEntries(stack.deployment!.engine.actions);
        expect(actions["tesseral-chain-openauthctl-build"]).to.equal("replace");
        expect(actions["tesseral-chain-migrate"]).to.equal("replace");
        expect(actions["tesseral-chain-bootstrap"]).to.equal("same");
        expect(await stack.pg!.query("select count(*)::int as n from projects")).to.deep.equal([{ n: 1 }]);
    });

    it("bootstrapped once through the local runner: the project id and e-mail, the password only as a secret", async () => {
        const out = stack.deployment!.stackOutputs();
        expect(out.dogfoodProjectId).to.match(/^project_[0-9a-z]{25}$/);
        expect(await stack.pg!.query("select display_name from projects")).to.deep.equal([{ display_name: "Tesseral Dogfood" }]);
        expect(out.bootstrapUserEmail).to.equal(EMAIL);
        expect(isSecret(out.bootstrapUserPassword)).to.equal(true);
        expect(plain(out.bootstrapUserPassword)).to.match(/^this_is_a_very_sensitive_password_[0-9a-f]{32}$/);
    });

    it("made the emulated KMS keys with the spec and usage the program declares, and bootstrap encrypted with the session key", async () => {
        const d = stack.deployment!;
        const kms = d.aws.kms;
        const keys = d.last!.recorder.ofType("aws:kms/key:Key");
        expect(keys.length).to.be.greaterThan(0);
        for (const k of keys) {
            const declared = plain(k.inputs) as { keySpec?: string; customerMasterKeySpec?: string; keyUsage?: string };
            const meta = (await kms.send(new DescribeKeyCommand({ KeyId: String(d.aws.outputsOf(k.type, k.name).keyId) }))).KeyMetadata!;
            expect([meta.KeySpec, meta.KeyUsage], k.name).to.deep.equal([declared.keySpec ?? declared.customerMasterKeySpec, declared.keyUsage ?? "ENCRYPT_DECRYPT"]);
        }
        // Tesseral stores the session signing key encrypted with the session KMS key (RSAES_OAEP_SHA_256).
        const rows = await stack.pg!.query<{ n: number }>("select count(*)::int as n from session_signing_keys where private_key_cipher_text is not null");
        expect(rows[0].n).to.equal(1);
    });

    it("refuses a second bootstrap through the local runner with the message that names tesseral:dogfoodProjectId", async () => {
        const step = stack.deployment!.named("tesseral-chain-bootstrap");
        const env = plain(step.inputs.environment) as Record<string, string>;
        const res = spawnSync("/bin/sh", ["-c", BOOTSTRAP_SCRIPT], {
            cwd: stack.opts.projectDir, env: { ...process.env, ...stack.emulator!.env, ...env }, encoding: "utf8",
        });
        expect(res.status).to.not.equal(0);
        expect(res.stdout).to.equal("");
        expect(res.stderr).to.match(/already holds a project.*set tesseral:dogfoodProjectId to adopt it/);
        expect(await stack.pg!.query("select count(*)::int as n from projects")).to.deep.equal([{ n: 1 }]);
    });

    it("migrates and bootstraps another real database through the ops function's handler, with a real exec, and refuses a second bootstrap", async () => {
        // The event the program sends the ops function (runner: lambda) and the environment it gives
        // the function, with this stack's real session key.
        const lambda = await evaluateProgram({ config: { ...stack.deployment!.config(), runner: "lambda" } });
        const event = JSON.parse(String((plain(lambda.recorder.named("tesseral-chain-bootstrap").inputs) as { input: string }).input)) as Record<string, string>;
        const fnEnv = (plain(lambda.recorder.named("tesseral-ops-fn").inputs) as { environment: { variables: Record<string, string> } }).environment.variables;
        fnEnv.TESSERAL_SESSION_KMS_KEY_ID = String(stack.deployment!.aws.outputsOf("aws:kms/key:Key", "tesseral-keys-session").arn);
        delete fnEnv.TESSERAL_SECRET_ID;  // the DSN below stands for the secret's
        const dsn = await stack.createDatabase("tesseral_ops");
        const binDir = stack.deployment!.buildDir("openauthctl");
        const saved = { ...process.env };
        Object.assign(process.env, stack.emulator!.env, fnEnv);
        try {
            const handler = createHandler({ getDsn: async () => dsn, binDir });
            const migrated = await handler({ action: "migrate" });
            expect(Number(migrated.version)).to.be.greaterThan(80);
            expect((await handler({ action: "migrate" })).version).to.equal(migrated.version);  // `no change` is success
            const boot = await handler(event);
            expect(boot.dogfoodProjectId).to.match(/^project_[0-9a-z]{25}$/);
            expect(boot.bootstrapUserEmail).to.equal(EMAIL);
            expect(boot.bootstrapUserPassword).to.match(/^this_is_a_very_sensitive_password_[0-9a-f]{32}$/);
            expect(await failureMessage(() => handler(event))).to.match(/already holds a project.*set tesseral:dogfoodProjectId to adopt it/);
        } finally {
            for (const k of [...Object.keys(stack.emulator!.env), ...Object.keys(fnEnv)]) {
                if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
            }
        }
    });

    it("built the console with the dogfood project id and the vault's URL baked in", async () => {
        const d = stack.deployment!;
        const dir = d.buildDir("console", "public");
        const js = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(".js")).map((f) => fs.readFileSync(path.join(dir, f), "utf8")).join("\n");
        expect(js).to.include(String(d.stackOutputs().dogfoodProjectId));
        expect(js).to.include(`https://vault.console.${DOMAIN}`);
    });

    it("started the real api through the Lambda bootstrap wrapper with the function's environment; its secrets came from the emulated secret", async () => {
        const env = stack.deployment!.functionEnvironment();
        expect(env).to.not.have.any.keys("API_DB_DSN", "API_PAGE_ENCODING_VALUE");
        expect(env.API_LOAD_AWS_SECRET_ID).to.match(/^arn:aws:secretsmanager:/);
        const health = await edgeRequest(`vault.console.${DOMAIN}`, "/api/internal/health");
        expect(health.status).to.equal(200);
    });

    it("gives the api every setting its source reads (Lambda environment or the secret), but the optional ones", async () => {
        const d = stack.deployment!;
        const secret = JSON.parse(String((plain(d.named("tesseral-secrets-version").inputs) as { secretString: string }).secretString)) as Record<string, string>;
        const provided = new Set([...Object.keys(d.functionEnvironment()), ...Object.keys(secret)]);
        const read = apiSettingsFromSource(tree);
        expect(read).to.include.members(["API_DB_DSN", "API_PAGE_ENCODING_VALUE", "API_SESSION_KMS_KEY_ID", "API_CONSOLE_DOMAIN"]);
        expect(read.filter((s) => !provided.has(s) && !(s in OPTIONAL_API_SETTINGS))).to.deep.equal([]);
    });

    it("the rollout's health gate (the same code the deploy runs) accepts the real api and refuses one that cannot start", async () => {
        const env: Record<string, string> = { ...stack.deployment!.functionEnvironment(), API_SERVE_ADDR: ":18181", AWS_LWA_PORT: "18181" };  // beside the running api
        const fn = { apiDir: stack.deployment!.apiDir(), lambdaEnvironment: stack.emulator!.env, logFile: path.join(E2E_OUTPUT, "gate-good.log") };
        expect(await runHealthGate({ version: "7", invoke: localInvoke({ ...fn, functionEnvironment: env }) })).to.deep.equal({ ok: true, version: "7", status: 200 });
        // A secret that does not exist: Tesseral panics while loading it, before it listens.
        const broken = { ...env, API_LOAD_AWS_SECRET_ID: `${env.API_LOAD_AWS_SECRET_ID}-missing` };
        const verdict = await runHealthGate({ version: "8", invoke: localInvoke({ ...fn, functionEnvironment: broken, logFile: path.join(E2E_OUTPUT, "gate-broken.log") }) });
        expect(verdict.ok).to.equal(false);
        expect(verdict.ok ? "" : verdict.message).to.match(/version 8/).and.to.match(/load secrets/);
    });

    it("the backend API host answers an unauthenticated call with Tesseral's 401 JSON (the /api/backend prefix is right)", async () => {
        const res = await edgeRequest(`api.${DOMAIN}`, "/v1/organizations");
        expect(res.status).to.equal(401);
        expect(String(res.headers["content-type"])).to.match(/json/);
        expect(JSON.parse(res.body)).to.be.an("object");
        expect(stack.edge!.originLog[stack.edge!.originLog.length - 1].path).to.equal("/api/backend/v1/organizations");
    });

    it("never lets a client's own X-Tesseral-Host reach the API", async () => {
        await edgeRequest(`vault.console.${DOMAIN}`, "/api/internal/health", { "x-tesseral-host": "evil.example.com" });
        const last = stack.edge!.originLog[stack.edge!.originLog.length - 1];
        expect(last.headers["x-tesseral-host"]).to.equal(`vault.console.${DOMAIN}`);
    });

    it("answers /api/internal/panic with 404 at the edge, without reaching the real API", async () => {
        const before = stack.edge!.originLog.length;
        const res = await edgeRequest(`vault.console.${DOMAIN}`, "/api/internal/panic");
        expect(res.status).to.equal(404);
        expect(stack.edge!.originLog.slice(before)).to.deep.equal([]);
        expect((await edgeRequest(`vault.console.${DOMAIN}`, "/api/internal/health")).status).to.equal(200);
    });

    it("a browser logs into the console with the bootstrap e-mail and password, through the edge", async () => {
        browser = await startBrowser();
        const page = await browser.context.newPage();
        const result = await loginToConsole(page, {
            consoleUrl: `https://console.${DOMAIN}/`, email: EMAIL, password: String(plain(stack.deployment!.stackOutputs().bootstrapUserPassword)),
            outDir: E2E_OUTPUT, signedInText: /Tesseral Dogfood/,
        });
        expect(new URL(result.loginUrl).pathname).to.equal("/login");
        expect(new URL(result.finalUrl).hostname).to.equal(`console.${DOMAIN}`);
        // The login went to the vault's API, with the vault's host as the tenant.
        const login = stack.edge!.originLog.filter((o) => o.kind === "custom" && o.path.includes("tesseral.intermediate.v1.IntermediateService/"));
        expect(login.length).to.be.greaterThan(0);
        expect([...new Set(login.map((o) => o.headers["x-tesseral-host"]))]).to.deep.equal([`vault.console.${DOMAIN}`]);
        expect(fs.existsSync(path.join(E2E_OUTPUT, "3-signed-in.png"))).to.equal(true);
    });

    it("a logo uploaded through the console's presigned PUT (straight to the bucket) shows on the vault's login page", async () => {
        const page = await browser!.context.newPage();
        await page.goto(`https://console.${DOMAIN}/settings/vault/branding`);
        await page.locator('input[type="file"][accept="image/*"]').first().setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG_1X1 });
        await page.getByRole("button", { name: /save changes/i }).click();
        await page.getByText(/Vault UI settings updated successfully/).waitFor({ timeout: 60_000 });
        await page.screenshot({ path: path.join(E2E_OUTPUT, "4-logo-saved.png"), fullPage: true });
        const bucket = stack.deployment!.aws.bucket("tesseral-user-content-bucket");
        const s3 = stack.deployment!.aws.s3;
        const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key);
        expect(keys.some((k) => /^vault-ui-settings-v1\/[^/]+\/logo$/.test(String(k))), JSON.stringify(keys)).to.equal(true);
        // A visitor who is not logged in sees it on the vault's login page.
        const visitor = await browser!.browser.newContext({ ignoreHTTPSErrors: true });
        try {
            const login = await visitor.newPage();
            await login.goto(`https://vault.console.${DOMAIN}/login`);
            const img = login.locator('img[alt="logo"]');
            await img.waitFor({ timeout: 60_000 });
            await login.waitForFunction(() => {
                const el = (globalThis as unknown as { document: { querySelector(s: string): { complete: boolean; naturalWidth: number } | null } }).document.querySelector('img[alt="logo"]');
                return el !== null && el.complete && el.naturalWidth > 0;
            }, undefined, { timeout: 30_000 });
            await login.screenshot({ path: path.join(E2E_OUTPUT, "5-vault-login-with-logo.png"), fullPage: true });
        } finally {
            await visitor.close();
        }
    });

    it("creates a project from the console: its Stripe customer and Svix application reach the loopback stand-ins with the stack's keys", async () => {
        const services = stack.services!;
        const before = services.calls.length;
        // A person who logs in with a password and picks "Create a new project" instead of the
        // dogfood project: the login flow stops before an organization is chosen (those two calls
        // are held back), so the verified intermediate session is the one the new project needs.
        const context = await browser!.browser.newContext({ ignoreHTTPSErrors: true });
        await context.route(/\/(SetOrganization|ExchangeIntermediateSessionForSession)$/, (route) => route.abort());
        const page = await context.newPage();
        try {
            await page.goto(`https://console.${DOMAIN}/`);
            await page.locator('input[type="email"]').fill(EMAIL);
            await page.locator('input[type="password"]').fill(String(plain(stack.deployment!.stackOutputs().bootstrapUserPassword)));
            const verified = page.waitForResponse((r) => r.url().endsWith("/VerifyPassword"), { timeout: 60_000 });
            await page.getByRole("button", { name: /log in with password/i }).click();
            expect((await verified).status()).to.equal(200);
            await page.goto(`https://console.${DOMAIN}/create-organization`);
            await page.getByLabel("Company Name").fill("Example Corporation");
            await page.getByLabel("Production App URL").fill("https://app.example.com");
            await page.getByLabel("Development App URL").fill("http://localhost:3000");
            const created = page.waitForResponse((r) => r.url().endsWith("/OnboardingCreateProjects"), { timeout: 60_000 });
            await page.getByRole("button", { name: /create project/i }).click();
            const response = await created;
            await page.screenshot({ path: path.join(E2E_OUTPUT, "6-project-created.png"), fullPage: true });
            expect(`${response.status()} ${await response.text()}`).to.match(/^200 /);
        } catch (e) {
            await page.screenshot({ path: path.join(E2E_OUTPUT, "6-project-failed.png"), fullPage: true }).catch(() => undefined);
            throw e;
        } finally {
            await context.close();
        }
        const calls = services.calls.slice(before);
        // One Stripe customer for the new account, a Svix application per project it made; each
        // call carried the key the stack gave (it reached the api only through its secret).
        expect(calls.filter((c) => c.host === "api.stripe.com").map((c) => [c.method, c.path, c.authorized, c.status])).to.deep.equal([["POST", "/v1/customers", true, 200]]);
        const apps = calls.filter((c) => c.host === "api.svix.com" && c.path === "/api/v1/app");
        expect(apps.length, "a dev and a prod project").to.equal(2);
        expect(apps.every((c) => c.method === "POST" && c.authorized && c.status === 201)).to.equal(true);
        expect(calls.filter((c) => c.method === "CONNECT"), "no other host was asked for").to.deep.equal([]);
    });

    it("user content: an object in the emulated user-content bucket is served on the user-content host", async () => {
        const bucket = stack.deployment!.aws.bucket("tesseral-user-content-bucket");
        const s3 = stack.deployment!.aws.s3;
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "vault-ui-settings-v1/p/logo", Body: "logo-bytes", ContentType: "image/png" }));
        const res = await edgeRequest(`usercontent.${DOMAIN}`, "/vault-ui-settings-v1/p/logo");
        expect([res.status, res.body]).to.deep.equal([200, "logo-bytes"]);
    });
});
