/** Polls until `check` holds; returns the milliseconds it took, or throws naming `what`. */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`gave up waiting for ${what}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return Date.now() - started;
}
