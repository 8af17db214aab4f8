import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { migrationSource } from '../support/migration-source.js';
import { V2 } from './compose-stack.js';

// The releases the compose test builds on top of this checkout.

const NOTES_TABLE =
  'create table `cooking_notes` (`id` int not null auto_increment primary key, `cooking_id` int not null, `body` text null) default character set utf8mb4 engine = InnoDB';

/** A migration file in the release's migrations/ folder. */
function writeMigration(dir: string, name: string, up: string[], down: string[], extra?: string): Promise<void> {
  return writeFile(join(dir, 'migrations', `${name}.ts`), migrationSource(name, up, down, extra));
}

/**
 * Release v2: this code plus an expand migration (a nullable column, a new table) and a response
 * that shows the new column.
 */
export async function toV2(dir: string): Promise<void> {
  await writeMigration(
    dir,
    V2,
    ['alter table `cookings` add `servings` int null', NOTES_TABLE],
    ['drop table if exists `cooking_notes`', 'alter table `cookings` drop column `servings`'],
  );
  const edit = async (file: string, from: string | RegExp, to: string) => {
    const path = join(dir, file);
    const text = await readFile(path, 'utf8');
    const changed = text.replace(from, to);
    expect(changed).not.toBe(text);
    await writeFile(path, changed);
  };
  await edit(
    'src/cooking/cooking.entity.ts',
    "  @Property({ type: 'text', nullable: true, comment: '説明' })",
    "  @Property({ type: 'integer', nullable: true })\n  servings: number | null = null;\n\n  @Property({ type: 'text', nullable: true, comment: '説明' })",
  );
  await edit(
    'src/cooking/dto/cooking-response.dto.ts',
    '      description: cooking.description ?? null,',
    '      description: cooking.description ?? null,\n      servings: (cooking as { servings?: number | null }).servings ?? null,',
  );
  await edit(
    'src/cooking/dto/cooking-response.dto.ts',
    '  @ApiTimestampProperty()\n  createdAt!: string;',
    "  @ApiProperty({ nullable: true, type: 'integer' })\n  servings!: number | null;\n\n  @ApiTimestampProperty()\n  createdAt!: string;",
  );
}

/**
 * Release v3: v2, a contract migration that drops v2's notes table, and an expand migration after
 * it: the history a fresh volume must still bring to head in one run.
 */
export async function toV3(dir: string): Promise<void> {
  await toV2(dir);
  await writeMigration(
    dir,
    'Migration20991231000001',
    ['drop table `cooking_notes`'],
    [NOTES_TABLE],
    "  phase = 'contract';\n  allowDestructive = 'cooking_notes was never used';\n",
  );
  await writeMigration(
    dir,
    'Migration20991231000002',
    ['alter table `cookings` add `rating` int null'],
    ['alter table `cookings` drop column `rating`'],
  );
}

/** The release after v2 whose migration fails once it runs (the plan does not run data statements). */
export async function toFailingRelease(dir: string): Promise<void> {
  await toV2(dir);
  await writeMigration(
    dir,
    'Migration20991231000001',
    ['insert into `no_such_table` values (1)'],
    ['delete from `no_such_table`'],
  );
}
