/** The message `fn` fails with ("" when it does not fail), for asserting on error text. */
export async function failureMessage(fn: () => unknown): Promise<string> {
    try {
        await fn();
    } catch (e) {
        return (e as Error).message;
    }
    return "";
}
