import { fromWire } from "./values";

/** One registered resource, as a reviewer of `pulumi preview` would see it. */
export interface RecordedResource {
    type: string;
    name: string;
    urn: string;
    /** URN of the parent ("" for the stack). */
    parent: string;
    custom: boolean;
    /** URNs this resource depends on (dependsOn and input dependencies). */
    dependencies: string[];
    /** Per input property: the URNs its value came from. */
    propertyDependencies: Record<string, string[]>;
    options: {
        protect: boolean | undefined;
        retainOnDelete: boolean | undefined;
        ignoreChanges: string[];
        additionalSecretOutputs: string[];
        deleteBeforeReplace: boolean;
        replaceOnChanges: string[];
        provider: string;
    };
    /** Inputs with secrets wrapped in `Secret`. */
    inputs: Record<string, unknown>;
    /** Outputs a component registered with registerOutputs (secrets wrapped). */
    outputs?: Record<string, unknown>;
}

// The request objects are protobuf messages; only their getters are used here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Req = any;

/** The URN the mock monitor gives a resource (same formula as Pulumi's MockMonitor). */
export function mockUrn(project: string, stack: string, parent: string, type: string, name: string): string {
    const qualified = parent ? `${parent.split("::")[2].split("$").pop()}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/**
 * Records every registration the program makes, by wrapping the mock monitor: type, name, parent,
 * dependencies, options and inputs, secrets still marked.
 */
export class Recorder {
    public readonly resources: RecordedResource[] = [];
    /** The request being registered right now (read synchronously by the mocks). */
    public current: RecordedResource | undefined;

    constructor(private readonly project: string, private readonly stack: string) {}

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    attach(monitor: any): void {
        const register = monitor.registerResource.bind(monitor);
        const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
        monitor.registerResource = (req: Req, cb: unknown) => {
            const rec = this.toRecord(req);
            this.resources.push(rec);
            this.current = rec;
            try {
                return register(req, cb);
            } finally {
                this.current = undefined;
            }
        };
        monitor.registerResourceOutputs = (req: Req, cb: unknown) => {
            const rec = this.resources.find((r) => r.urn === req.getUrn());
            if (rec) rec.outputs = fromWire(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
            return registerOutputs(req, cb);
        };
    }

    private toRecord(req: Req): RecordedResource {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((v: Req, k: string) => { propertyDependencies[k] = v.getUrnsList(); });
        return {
            type: req.getType(),
            name: req.getName(),
            urn: mockUrn(this.project, this.stack, req.getParent(), req.getType(), req.getName()),
            parent: req.getParent(),
            custom: req.getCustom(),
            dependencies: req.getDependenciesList(),
            propertyDependencies,
            options: {
                protect: req.getProtect(),
                retainOnDelete: req.getRetainondelete(),
                ignoreChanges: req.getIgnorechangesList(),
                additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                deleteBeforeReplace: req.getDeletebeforereplace(),
                replaceOnChanges: req.getReplaceonchangesList(),
                provider: req.getProvider(),
            },
            inputs: fromWire(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
        };
    }

    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    named(name: string): RecordedResource {
        const found = this.resources.filter((r) => r.name === name);
        if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
        return found[0];
    }
}
