/**
 * Formats a file that migration:create wrote with the project's Prettier settings, so a fresh
 * migration passes `npm test` (its lint runs Prettier) with no manual step. Prettier is a
 * development tool: where it is not installed (a production image never creates migrations),
 * the file is left as written.
 */
export async function formatMigration(file: string): Promise<void> {
  const prettier = await import('prettier').catch(() => undefined);
  if (!prettier) {
    return;
  }
  const { readFile, writeFile } = await import('node:fs/promises');
  const source = await readFile(file, 'utf8');
  const options = (await prettier.resolveConfig(file)) ?? {};
  await writeFile(file, await prettier.format(source, { ...options, filepath: file }));
}
