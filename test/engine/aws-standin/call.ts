// Calling the stand-in provider's functions directly (no engine) in its own tests.
import { standinProvider } from "./provider";

type Provider = typeof standinProvider;

/** A provider method that must exist. */
export function method<K extends keyof Provider>(name: K): NonNullable<Provider[K]> {
    const f = standinProvider[name];
    if (!f) throw new Error(`the stand-in has no ${String(name)}`);
    return f as NonNullable<Provider[K]>;
}

/** A URN of `type` named `name` under the Tesseral component, as the engine sends it. */
export const urnOf = (type: string, name: string): string => `urn:pulumi:s::tesseral-aws::tesseral-aws:index:Tesseral$${type}::${name}`;
