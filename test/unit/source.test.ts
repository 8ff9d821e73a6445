import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { goBuildInputs, parseGoEmbeds, parseGoImports, parseModulePath } from "../../components/source/go-deps";
import { hashFileEntries, spaSourceHash } from "../../components/source/tree-hash";
import { describeSource, gitCacheDir } from "../../components/source/source";
import { copyFixture } from "../support/fixture";

describe("Go source parsing", () => {
    it("reads the module path", () => {
        expect(parseModulePath("// c\nmodule github.com/tesseral-labs/tesseral\n\ngo 1.24\n")).to.equal("github.com/tesseral-labs/tesseral");
        expect(() => parseModulePath("go 1.24\n")).to.throw(/no module line/);
    });

    it("reads single, grouped, aliased and commented imports", () => {
        const src = `package main
// import "commented/out"
/* import "block/comment" */
import "fmt"
import x "example.com/m/internal/a"
import (
    "net/http"
    _ "example.com/m/internal/b" // side effects
    y "example.com/m/internal/c"
)
func main() {}`;
        expect(parseGoImports(src)).to.deep.equal(["example.com/m/internal/a", "example.com/m/internal/b", "example.com/m/internal/c", "fmt", "net/http"]);
    });

    it("reads go:embed patterns", () => {
        expect(parseGoEmbeds("//go:embed migrations/*.sql\nvar fs embed.FS\n//go:embed all:static \"a b.txt\"\n")).to.deep.equal(["migrations/*.sql", "static", "a b.txt"]);
    });

    it("lists exactly what each main package consumes in the fixture", () => {
        const root = copyFixture();
        const api = goBuildInputs(root, "./cmd/api");
        const ctl = goBuildInputs(root, "./cmd/openauthctl");
        expect(api).to.include.members(["go.mod", "go.sum", "cmd/api/main.go", "internal/apiserver/apiserver.go", "internal/envconfig/envconfig.go"]);
        expect(api.some((f) => f.startsWith("cmd/openauthctl/"))).to.equal(false);
        expect(ctl).to.include.members(["go.mod", "go.sum", "cmd/openauthctl/main.go", "cmd/openauthctl/migrate.go", "cmd/openauthctl/migrations/000001_init.up.sql", "internal/store/bootstrap.go"]);
        expect(api.some((f) => f.startsWith("internal/store/"))).to.equal(false);
        expect(ctl.some((f) => f.startsWith("cmd/api/") || f.startsWith("internal/apiserver/"))).to.equal(false);
        expect(api.concat(ctl).some((f) => f.startsWith("console/") || f.endsWith("_test.go"))).to.equal(false);
    });
});

describe("tree fingerprints", () => {
    it("depend on paths and contents only, not on order", () => {
        const a = { path: "a.txt", content: Buffer.from("1") };
        const b = { path: "b/c.txt", content: Buffer.from("2") };
        expect(hashFileEntries([a, b])).to.equal(hashFileEntries([b, a]));
        expect(hashFileEntries([a, b])).to.not.equal(hashFileEntries([a, { ...b, content: Buffer.from("3") }]));
        expect(hashFileEntries([a, b])).to.not.equal(hashFileEntries([a, { ...b, path: "b/d.txt" }]));
    });

    it("ignore node_modules, build output and VCS folders, and do not depend on where the tree is", () => {
        const one = copyFixture();
        const two = copyFixture();
        const h = spaSourceHash(one, "console");
        expect(spaSourceHash(two, "console")).to.equal(h);
        for (const junk of ["console/node_modules/x/index.js", "console/public/index.js", "console/.git/HEAD", "console/dist/a.js"]) {
            fs.mkdirSync(path.dirname(path.join(one, junk)), { recursive: true });
            fs.writeFileSync(path.join(one, junk), "junk");
        }
        expect(spaSourceHash(one, "console")).to.equal(h);
        fs.writeFileSync(path.join(one, "console", "src", "new.js"), "x");
        expect(spaSourceHash(one, "console")).to.not.equal(h);
    });

    it("in git mode are the ref, and the clone folder is relative and per remote and ref", () => {
        const a = describeSource({ kind: "git", git: "https://example.com/t.git", ref: "v1" });
        const b = describeSource({ kind: "git", git: "https://example.com/t.git", ref: "v2" });
        expect(a.fingerprints.api).to.equal(a.fingerprints.console);
        expect(a.fingerprints.api).to.not.equal(b.fingerprints.api);
        expect(a.dir).to.equal(gitCacheDir("https://example.com/t.git", "v1"));
        expect(path.isAbsolute(a.dir)).to.equal(false);
        expect(a.dir).to.not.equal(b.dir);
    });

    it("in path mode change only for the artifact whose inputs changed", () => {
        const root = copyFixture(fs.mkdtempSync(path.join(os.tmpdir(), "tesseral-fp-")));
        const before = describeSource({ kind: "path", path: root }).fingerprints;
        fs.appendFileSync(path.join(root, "internal", "apiserver", "apiserver.go"), "\n// x\n");
        const after = describeSource({ kind: "path", path: root }).fingerprints;
        expect(after.api).to.not.equal(before.api);
        expect({ ...after, api: "" }).to.deep.equal({ ...before, api: "" });
        fs.appendFileSync(path.join(root, "go.sum"), "\n");  // read by both builds
        const shared = describeSource({ kind: "path", path: root }).fingerprints;
        expect(shared.api).to.not.equal(after.api);
        expect(shared.openauthctl).to.not.equal(after.openauthctl);
        expect(shared.console).to.equal(after.console);
    });
});
