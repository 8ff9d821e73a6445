import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * The component package as another project gets it: `npm run build` output (dist/ with
 * declarations), what `npm pack` ships, and the types in dist/components/index.d.ts.
 *
 * Pulumi's rules for a component other languages can consume (`pulumi package add`): the type
 * token is `<package>:index:<ClassName>`, and the args are plain data: no union other than
 * `T | undefined` (`pulumi.Input<T>`/`pulumi.Output<T>` are Pulumi's own and allowed), no function.
 *
 * MULTI_LANGUAGE are the components whose args follow the rules and are checked here.
 * TYPESCRIPT_ONLY are the ones that take validated `Settings` (tagged unions, string-literal
 * unions), other components (class instances: `SpaBuild`, `GoBinary`, `ArtifactBucket`, KMS keys)
 * or no args interface: they are for TypeScript programs only, and the test checks that each of
 * them really breaks a rule, so that one which stops breaking them gets promoted.
 */

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const DIST_INDEX = path.join(REPO_ROOT, "dist", "components", "index.d.ts");
const PACKAGE = "tesseral-aws";

const MULTI_LANGUAGE = ["Tesseral", "Keys", "Mail", "UserContent", "ApiSecrets", "EdgeCertificate"];
const TYPESCRIPT_ONLY = [
    "TesseralApi", "Edge", "SiteBucket", "Network", "Database", "OpsRunner", "ArtifactBucket",
    "S3File", "KeyPolicies", "DeployChain", "GoBinary", "SpaBuild", "TesseralSource", "DatabaseProxy",
];
/** The .js files the components read or run at run time (by __dirname): they must ship in dist. */
const RUNTIME_JS = [
    "build/zip-writer.js", "publish/upload-file.js", "runner/ops-handler.js", "runner/migration-snapshot.js", "chain/migrations-manifest.js", "api/origin-verify/index.js",
    "edge/functions/spa-rewrite.js", "edge/functions/tesseral-host.js", "edge/sync-site.js",
];

interface Component {
    name: string;
    symbol: ts.Symbol;
    /** The .d.ts that declares the class. */
    file: string;
    argsNode: ts.TypeNode | undefined;
}

function isFromPulumiSdk(decl: ts.Declaration | undefined): boolean {
    return !!decl && /node_modules[\\/]@pulumi[\\/]pulumi[\\/]/.test(decl.getSourceFile().fileName);
}

function isFromPulumiPackage(decl: ts.Declaration | undefined): boolean {
    return !!decl && /node_modules[\\/]@pulumi[\\/]/.test(decl.getSourceFile().fileName);
}

function extendsComponentResource(checker: ts.TypeChecker, type: ts.Type): boolean {
    for (const base of checker.getBaseTypes(type as ts.InterfaceType)) {
        const sym = base.getSymbol();
        if (sym?.getName() === "ComponentResource" && isFromPulumiSdk(sym.declarations?.[0])) return true;
        if (extendsComponentResource(checker, base)) return true;
    }
    return false;
}

function resolve(checker: ts.TypeChecker, sym: ts.Symbol): ts.Symbol {
    return sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
}

/**
 * Every rule violation in a declared type, with the path to it. Walks the declarations (type
 * nodes) so that `pulumi.Input<T>` is seen as written, and follows interfaces, type aliases and
 * type literals of this package transitively.
 */
function violations(checker: ts.TypeChecker, node: ts.TypeNode, at: string, seen = new Set<ts.Node>()): string[] {
    const text = node.getText();
    if (ts.isParenthesizedTypeNode(node)) return violations(checker, node.type, at, seen);
    if (ts.isUnionTypeNode(node)) {
        const rest = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
        if (rest.length === 1 && node.types.length === 2) return violations(checker, rest[0], at, seen);
        return [`${at}: union \`${text}\``];
    }
    if (ts.isFunctionTypeNode(node) || ts.isConstructorTypeNode(node)) return [`${at}: function \`${text}\``];
    if (ts.isArrayTypeNode(node)) return violations(checker, node.elementType, `${at}[]`, seen);
    if (ts.isTypeLiteralNode(node)) return memberViolations(checker, node.members, at, seen);
    if ([ts.SyntaxKind.StringKeyword, ts.SyntaxKind.NumberKeyword, ts.SyntaxKind.BooleanKeyword].includes(node.kind)) return [];
    if (ts.isTypeReferenceNode(node)) {
        const sym = checker.getSymbolAtLocation(node.typeName);
        const target = sym && resolve(checker, sym);
        const decl = target?.declarations?.[0];
        const args = node.typeArguments ?? [];
        if (!target || !decl) return [`${at}: unresolved type \`${text}\``];
        const name = target.getName();
        if (isFromPulumiSdk(decl) && (name === "Input" || name === "Output") && args.length === 1) {
            return violations(checker, args[0], at, seen);
        }
        if ((name === "Array" || name === "ReadonlyArray") && args.length === 1) return violations(checker, args[0], `${at}[]`, seen);
        if (name === "Record" && args.length === 2) {
            if (args[0].kind !== ts.SyntaxKind.StringKeyword) return [`${at}: map keyed by \`${args[0].getText()}\` (only string keys)`];
            return violations(checker, args[1], `${at}{}`, seen);
        }
        if (seen.has(decl)) return [];
        seen.add(decl);
        if (ts.isInterfaceDeclaration(decl) && !isFromPulumiPackage(decl)) {
            return memberViolations(checker, decl.members, `${at}<${name}>`, seen);
        }
        if (ts.isTypeAliasDeclaration(decl) && !isFromPulumiPackage(decl)) return violations(checker, decl.type, `${at}<${name}>`, seen);
        if (ts.isClassDeclaration(decl)) return [`${at}: class instance \`${text}\` (cannot cross languages)`];
        return [`${at}: unsupported type \`${text}\``];
    }
    if (ts.isIndexedAccessTypeNode(node) || ts.isTypeOperatorNode(node) || ts.isTypeQueryNode(node)) {
        // e.g. Settings["network"] or (typeof X)[number]: judge the type it stands for.
        const type = checker.getTypeFromTypeNode(node);
        if (type.isUnion() && !(type.flags & ts.TypeFlags.Boolean)) return [`${at}: union \`${checker.typeToString(type)}\` (via \`${text}\`)`];
        return [`${at}: computed type \`${text}\` (write the interface out)`];
    }
    return [`${at}: unsupported type \`${text}\``];
}

function memberViolations(checker: ts.TypeChecker, members: ts.NodeArray<ts.TypeElement>, at: string, seen: Set<ts.Node>): string[] {
    const out: string[] = [];
    for (const m of members) {
        const name = m.name?.getText() ?? "?";
        if (ts.isMethodSignature(m) || ts.isCallSignatureDeclaration(m) || ts.isConstructSignatureDeclaration(m)) {
            out.push(`${at}.${name}: function`);
        } else if (ts.isIndexSignatureDeclaration(m)) {
            out.push(...violations(checker, m.type, `${at}[key]`, seen));
        } else if (ts.isPropertySignature(m)) {
            if (!m.type) out.push(`${at}.${name}: implicit any`);
            else out.push(...violations(checker, m.type, `${at}.${name}`, seen));
        }
    }
    return out;
}

describe("the component package: dist/, what npm ships, and the multi-language args rules", function () {
    this.timeout(180_000);
    let program: ts.Program;
    let checker: ts.TypeChecker;
    const components = new Map<string, Component>();

    before(function () {
        execFileSync("npm", ["run", "build"], { cwd: REPO_ROOT, stdio: "pipe" });
        program = ts.createProgram([DIST_INDEX], {
            target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
            strict: true, skipLibCheck: true, types: [], noEmit: true,
        });
        checker = program.getTypeChecker();
        const sf = program.getSourceFile(DIST_INDEX);
        if (!sf) throw new Error(`${DIST_INDEX} was not built`);
        const moduleSymbol = checker.getSymbolAtLocation(sf);
        if (!moduleSymbol) throw new Error("dist/components/index.d.ts is not a module");
        for (const exported of checker.getExportsOfModule(moduleSymbol)) {
            const sym = resolve(checker, exported);
            if (!(sym.flags & ts.SymbolFlags.Class)) continue;
            const decl = sym.declarations?.find(ts.isClassDeclaration);
            if (!decl || !extendsComponentResource(checker, checker.getDeclaredTypeOfSymbol(sym))) continue;
            const ctor = decl.members.find(ts.isConstructorDeclaration);
            const argsParam = ctor?.parameters.find((p) => p.name.getText() === "args");
            components.set(exported.getName(), { name: exported.getName(), symbol: sym, file: decl.getSourceFile().fileName, argsNode: argsParam?.type });
        }
    });

    it("package.json main/types point at the built index, and npm ships dist/components/ (the plugin is added from the repository)", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
        expect(pkg.name).to.equal(PACKAGE);
        expect(pkg.main).to.equal("dist/components/index.js");
        expect(pkg.types).to.equal("dist/components/index.d.ts");
        expect(fs.existsSync(path.join(REPO_ROOT, pkg.main))).to.equal(true);
        const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO_ROOT, encoding: "utf8" })) as { files: { path: string }[] }[];
        const shipped = new Set(packed.files.map((f) => f.path));
        for (const f of [pkg.main, pkg.types, "package.json", "dist/components/tesseral.js", "dist/components/tesseral.d.ts"]) {
            expect(shipped.has(f), `${f} is in the package`).to.equal(true);
        }
        // plugin/'s entry is TypeScript source (plugin/index.ts): `pulumi package add` takes the
        // repository's plugin/ folder (a path or git URL), not the npm package, which stays TypeScript-only.
        expect([...shipped].filter((f) => f.startsWith("plugin/") || f.endsWith("PulumiPlugin.yaml"))).to.deep.equal([]);
        const notShipped = [...shipped].filter((f) => /^(components|test|examples|deployments|scripts)\//.test(f) || f.endsWith(".ts") && !f.endsWith(".d.ts"));
        expect(notShipped, "sources, tests and examples stay out of the package").to.deep.equal([]);
    });

    it("the .js files the components read at run time land in dist next to their .d.ts, and ship", () => {
        const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO_ROOT, encoding: "utf8" }))[0] as { files: { path: string }[] };
        const shipped = new Set(packed.files.map((f) => f.path));
        for (const rel of RUNTIME_JS) {
            const js = path.join("dist", "components", rel);
            expect(fs.existsSync(path.join(REPO_ROOT, js)), js).to.equal(true);
            expect(fs.existsSync(path.join(REPO_ROOT, js.replace(/\.js$/, ".d.ts"))), `${js} has its .d.ts`).to.equal(true);
            expect(shipped.has(js), `${js} ships`).to.equal(true);
        }
        // The CloudFront Functions run as written (cloudfront-js-2.0): the build must not rewrite them.
        for (const fn of ["spa-rewrite.js", "tesseral-host.js"]) {
            expect(fs.readFileSync(path.join(REPO_ROOT, "dist", "components", "edge", "functions", fn), "utf8"))
                .to.equal(fs.readFileSync(path.join(REPO_ROOT, "components", "edge", "functions", fn), "utf8"));
        }
    });

    it("index.d.ts exports the top-level component and the sub-components users may want alone", () => {
        expect([...components.keys()].sort()).to.deep.equal([...MULTI_LANGUAGE, ...TYPESCRIPT_ONLY].sort());
    });

    it("every exported component registers as tesseral-aws:index:<ClassName>", () => {
        for (const c of components.values()) {
            const js = fs.readFileSync(c.file.replace(/\.d\.ts$/, ".js"), "utf8");
            const tokens = [...js.matchAll(/super\("([^"]+)"/g)].map((m) => m[1]);
            expect(tokens, `${c.name} in ${path.relative(REPO_ROOT, c.file)}`).to.include(`${PACKAGE}:index:${c.name}`);
            for (const t of tokens) expect(t, c.name).to.match(new RegExp(`^${PACKAGE}:index:[A-Z][A-Za-z0-9]*$`));
        }
    });

    for (const name of MULTI_LANGUAGE) {
        it(`${name}'s args, and every interface they reference, have no union (other than T | undefined) and no function`, () => {
            const c = components.get(name);
            expect(c, `${name} is exported`).to.not.equal(undefined);
            expect(c!.argsNode, `${name} has a typed args parameter`).to.not.equal(undefined);
            const sym = ts.isTypeReferenceNode(c!.argsNode!) ? checker.getSymbolAtLocation(c!.argsNode!.typeName) : undefined;
            const decl = sym && resolve(checker, sym).declarations?.[0];
            expect(decl && ts.isInterfaceDeclaration(decl), `${name}'s args are an interface`).to.equal(true);
            expect(violations(checker, c!.argsNode!, name)).to.deep.equal([]);
        });
    }

    it("Tesseral's args reach every nested settings interface (the walk is not vacuous)", () => {
        const c = components.get("Tesseral")!;
        const sym = resolve(checker, checker.getSymbolAtLocation((c.argsNode as ts.TypeReferenceNode).typeName)!);
        const decl = sym.declarations![0] as ts.InterfaceDeclaration;
        const referenced = decl.members.filter(ts.isPropertySignature).map((m) => m.type!.getText()).filter((t) => /Args$/.test(t)).sort();
        expect(referenced).to.deep.equal(["ApiArgs", "DatabaseArgs", "NetworkArgs", "SecretArgs", "SourceArgs"]);
        // A union or a function anywhere below would be found: the walker does see them.
        const probe = ts.createSourceFile("probe.ts", "type P = { a: string | number; b: () => void; c?: string };", ts.ScriptTarget.ES2022, true);
        const literal = (probe.statements[0] as ts.TypeAliasDeclaration).type;
        expect(violations(checker, literal, "probe")).to.have.length(2);
    });

    for (const name of TYPESCRIPT_ONLY) {
        it(`${name} is TypeScript-only for a reason: its args break a rule`, () => {
            const c = components.get(name);
            expect(c, `${name} is exported`).to.not.equal(undefined);
            const found = c!.argsNode ? violations(checker, c!.argsNode, name) : ["no args parameter"];
            expect(found, `${name} now follows the rules: move it to MULTI_LANGUAGE`).to.not.deep.equal([]);
        });
    }
});

/**
 * What `pulumi package add` itself runs: Pulumi's analyzer (the one in @pulumi/pulumi that the
 * Node.js plugin host uses) over the component's args AND its public properties (its outputs).
 *
 * Pending, a known blocker: Tesseral's public properties `settings: Settings` (unions) and
 * `chain`/`api`/`edge`/`apiSecrets`/`userContent` (components of this package) are refused
 * ("Union types are not supported for component 'Tesseral' output 'Settings.source'"). The
 * analyzer treats every property declaration of the class as an output, so these must become
 * getters (not analysed) or move off the class before other languages can consume Tesseral.
 * Un-skip this test with that change. (About 10 s: it type-checks the whole project.)
 */
describe("pulumi package add's analyzer accepts Tesseral (@integration)", function () {
    this.timeout(180_000);
    it("analyses Tesseral's args and outputs without error", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module of the SDK
        const { Analyzer } = require("@pulumi/pulumi/provider/experimental/analyzer") as {
            Analyzer: new (dir: string, name: string, pkg: unknown, names: Set<string>) => { analyze(): { components: Record<string, { inputs: object; outputs: object }> } };
        };
        // As `pulumi package get-schema ./plugin` runs it: over the plugin folder and its package.json.
        const pluginDir = path.join(REPO_ROOT, "plugin");
        const pkg = JSON.parse(fs.readFileSync(path.join(pluginDir, "package.json"), "utf8"));
        const { components } = new Analyzer(pluginDir, PACKAGE, pkg, new Set(["Tesseral"])).analyze();
        expect(Object.keys(components.Tesseral.inputs)).to.include.members(["domain", "rootUserEmail", "source", "database"]);
        expect(Object.keys(components.Tesseral.outputs)).to.include.members(["consoleUrl", "dnsRecords", "bootstrapUserPassword"]);
    });
});
