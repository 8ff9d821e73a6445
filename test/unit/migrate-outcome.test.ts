import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { expect } from "chai";
import { MIGRATE_NO_CHANGE, migrateUpSucceeded } from "../../components/chain/migrate-outcome";
import { MIGRATE_SCRIPT } from "../../components/chain/local-runner";

describe("migrate outcome", () => {
    it("counts exit 0, and exit 1 whose last line is `no change`, as success; nothing else", async () => {
        expect(migrateUpSucceeded(0, "")).to.equal(true);
        expect(migrateUpSucceeded(1, "./openauthctl migrate up: no change\n")).to.equal(true);
        expect(migrateUpSucceeded(1, "2026/11/29 00:00:00 1/u init (3ms)\n/x/openauthctl migrate up: no change")).to.equal(true);
        expect(migrateUpSucceeded(1, "openauthctl: unknown option: -d")).to.equal(false);
        expect(migrateUpSucceeded(1, "openauthctl migrate up: no change at all")).to.equal(false);
        expect(migrateUpSucceeded(1, "openauthctl migrate version: no change")).to.equal(false);
        expect(migrateUpSucceeded(2, "openauthctl migrate up: no change")).to.equal(false);
        expect(migrateUpSucceeded(1, "")).to.equal(false);
    });

    it("puts -d before the action in the local runner's script", async () => {
        expect(MIGRATE_SCRIPT).to.include(`migrate -d "$TESSERAL_DSN" up`);
        expect(MIGRATE_SCRIPT).to.include(`migrate -d "$TESSERAL_DSN" version`);
        expect(MIGRATE_SCRIPT).to.not.match(/migrate (up|version) -d/);
    });

    it("the local runner's script follows the same rule", async () => {
        // `./$TESSERAL_OPENAUTHCTL` names a program: one that answers as openauthctl does in each case.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrate-outcome-"));
        const fake = path.join(dir, "openauthctl");
        fs.writeFileSync(fake, `#!/bin/sh\nif [ "$4" = up ]; then [ -n "$FAKE_ERR" ] && printf '%s\\n' "$FAKE_ERR" >&2; exit "$FAKE_CODE"; fi\necho 7\n`, { mode: 0o755 });
        const run = (code: number, stderr: string) => spawnSync("/bin/sh", ["-c", MIGRATE_SCRIPT], {
            encoding: "utf8", cwd: dir,
            env: { PATH: process.env.PATH, TESSERAL_DSN: "postgres://u:p@h/db", TESSERAL_OPENAUTHCTL: "openauthctl", FAKE_CODE: String(code), FAKE_ERR: stderr },
        });
        expect(run(0, "").status).to.equal(0);
        const noChange = run(1, `./openauthctl ${MIGRATE_NO_CHANGE}`);
        expect([noChange.status, noChange.stdout.trim()]).to.deep.equal([0, "7"]);
        const failed = run(1, "unknown option: -d");
        expect([failed.status, failed.stderr.trim()]).to.deep.equal([1, "unknown option: -d"]);
        expect(run(2, `./openauthctl ${MIGRATE_NO_CHANGE}`).status).to.equal(2);
        expect(run(1, `./openauthctl migrate up: no change yet`).status).to.equal(1);
    });
});
