import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from './run-cli.js';

/** What a clone needs to run the MikroORM CLI: sources, migrations, config; node_modules is linked. */
const COPIED = [
  'package.json',
  'tsconfig.json',
  '.prettierrc',
  '.prettierignore',
  'mikro-orm.config.ts',
  'src',
  'migrations',
];

/**
 * A throw-away copy of the project (or of another scratch copy: the next release of it), so a
 * test may add files without touching the work tree.
 */
export async function createScratchProject(from = PROJECT_ROOT): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'life-platter-'));
  for (const entry of COPIED) {
    await cp(join(from, entry), join(dir, entry), { recursive: true });
  }
  await symlink(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
