import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { MigrationResult } from '@mikro-orm/migrations';
import type { MigratorSettings } from '../settings.js';
import { breakingChanges } from '../sql/compat-lint.js';
import { splitBreaking, type MigrationBody, type SplitParts } from '../sql/split-migration.js';

/** What turns a migration body into the text of a file (MikroORM's generator). */
export type GenerateFile = (className: string, body: MigrationBody) => Promise<string>;

const baseName = (file: string) => basename(file).replace(/\.[jt]s$/, '');

/**
 * After MikroORM wrote a new migration file: the part that breaks the running release split into
 * a contract migration when asked (settings.split), each file formatted (afterCreate), what breaks
 * reported. Returns the names of the files written, for their plan.
 */
export async function finishCreated(
  settings: MigratorSettings,
  result: MigrationResult,
  file: string,
  generate: GenerateFile,
): Promise<string[]> {
  const written = [file];
  const parts = settings.split ? splitBreaking(result.diff) : undefined;
  if (parts) {
    written.push(...(await writeSplit(file, parts, generate)));
  }
  for (const path of new Set(written)) {
    await settings.afterCreate?.(path);
  }
  const findings = breakingChanges(result.diff.up, result.diff.down);
  if (findings.length > 0) {
    const contractFile = parts ? basename(written.at(-1)!) : undefined;
    settings.onEvent({ type: 'destructive-created', file: result.fileName, findings, contractFile });
  }
  return [...new Set(written)].map(baseName);
}

/**
 * `db split`: an existing pending migration rewritten as its expand part, with the contract part
 * beside it, both formatted. Returns the names of the files written (empty when nothing breaks).
 */
export async function splitExisting(
  settings: MigratorSettings,
  file: string,
  body: MigrationBody & { destructiveReason?: string },
  generate: GenerateFile,
): Promise<string[]> {
  const split = splitBreaking(body);
  if (!split) {
    return [];
  }
  // The file's own allowDestructive goes with what it allowed: the contract part.
  const parts = { ...split, keeps: split.keeps ?? body.destructiveReason };
  const written = [file, ...(await writeSplit(file, parts, generate))];
  for (const path of new Set(written)) {
    await settings.afterCreate?.(path);
  }
  return [...new Set(written)].map(baseName);
}

/** A class body marked as a contract migration. */
export const markContract = (code: string, keeps?: string) =>
  code.replace(
    /(override name = '[^']+';\n)/,
    `$1\n  phase = 'contract';\n${keeps ? `  allowDestructive = '${keeps.replace(/'/g, "\\'")}';\n` : ''}`,
  );

/** The name of a migration one second after `className` (so it sorts, and runs, after it). */
export function oneSecondLater(className: string): string {
  const [, stamp, suffix] = /^Migration(\d{14})(\w*)$/.exec(className)!;
  const next = new Date(
    Date.UTC(
      +stamp.slice(0, 4),
      +stamp.slice(4, 6) - 1,
      +stamp.slice(6, 8),
      +stamp.slice(8, 10),
      +stamp.slice(10, 12),
      +stamp.slice(12, 14) + 1,
    ),
  );
  return `Migration${next.toISOString().replace(/[-T:]|\.\d{3}Z$/g, '')}${suffix}`;
}

/**
 * Rewrites a generated file as its expand part and writes the contract part beside it, one
 * second later. A diff with nothing to expand becomes one contract migration. Returns the
 * contract file.
 */
async function writeSplit(file: string, parts: SplitParts, generate: GenerateFile): Promise<string[]> {
  const className = /^(Migration\d{14}\w*)/.exec(basename(file))![1];
  if (parts.expand.up.length === 0) {
    const code = await readFile(file, 'utf8');
    await writeFile(file, markContract(code, /\ballowDestructive\s*=/.test(code) ? undefined : parts.keeps));
    return [file];
  }
  await writeFile(file, await generate(className, parts.expand));
  const contractName = oneSecondLater(className);
  const contractFile = join(dirname(file), `${contractName}${file.slice(file.lastIndexOf('.'))}`);
  await writeFile(contractFile, markContract(await generate(contractName, parts.contract), parts.keeps));
  return [contractFile];
}
