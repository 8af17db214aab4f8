/** Stops the MySQL container the global setup started, if it started one. */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { mysqlContainer?: { stop(): Promise<unknown> } }).mysqlContainer?.stop();
}
