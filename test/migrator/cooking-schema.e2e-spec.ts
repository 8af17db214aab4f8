import { createScratchDatabase, queryDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { mikroOrm } from '../support/run-cli.js';

interface ColumnRow {
  name: string;
  type: string;
  length: number | null;
  nullable: 'YES' | 'NO';
  defaultValue: string | null;
  extra: string;
  comment: string;
  key: string;
}

/**
 * MariaDB and MySQL 8 report the same column differently in information_schema: MariaDB says
 * `current_timestamp()` and the string 'NULL' for "no default"; MySQL says CURRENT_TIMESTAMP, a
 * real NULL and adds DEFAULT_GENERATED to EXTRA. Both are folded to one spelling here.
 */
function normalise(row: ColumnRow) {
  const fold = (text: string | null) =>
    text === null || text === 'NULL' ? null : text.toLowerCase().replace(/\(\)/g, '');
  return {
    ...row,
    length: row.length === null ? null : Number(row.length),
    defaultValue: fold(row.defaultValue),
    extra: (fold(row.extra) ?? '').replace('default_generated', '').trim(),
  };
}

describe('the cookings table created by the committed migrations', () => {
  let db: ScratchDatabase;

  beforeAll(async () => {
    db = await createScratchDatabase('cooking_schema');
  });
  afterAll(async () => {
    await db?.drop();
  });

  async function columns() {
    const rows = await queryDatabase<ColumnRow>(
      db.name,
      `SELECT COLUMN_NAME AS name, DATA_TYPE AS type, CHARACTER_MAXIMUM_LENGTH AS length, IS_NULLABLE AS nullable,
              COLUMN_DEFAULT AS defaultValue, EXTRA AS extra, COLUMN_COMMENT AS comment, COLUMN_KEY AS \`key\`
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cookings'
        ORDER BY ORDINAL_POSITION`,
    );
    return rows.map(normalise);
  }

  async function tableNames(): Promise<string[]> {
    const rows = await queryDatabase<{ name: string }>(
      db.name,
      'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
    );
    // Sorted here: the server's ORDER BY follows its collation, and MySQL 9.7 (utf8mb4_0900_ai_ci)
    // and MariaDB order `_` and letters differently.
    return rows.map((row) => row.name).sort();
  }

  it('migration:up creates every column exactly as the spec says', async () => {
    const up = await mikroOrm(['migration:up'], db.url);
    expect(up.output).toMatch(/Successfully migrated up/);
    expect(up.code).toBe(0);
    expect(await columns()).toEqual([
      {
        name: 'id',
        type: 'int',
        length: null,
        nullable: 'NO',
        defaultValue: null,
        extra: 'auto_increment',
        comment: '',
        key: 'PRI',
      },
      {
        name: 'name',
        type: 'varchar',
        length: 255,
        nullable: 'NO',
        defaultValue: null,
        extra: '',
        comment: '料理名',
        key: '',
      },
      {
        name: 'category',
        type: 'varchar',
        length: 100,
        nullable: 'YES',
        defaultValue: null,
        extra: '',
        comment: 'カテゴリ',
        key: 'MUL',
      },
      {
        name: 'description',
        type: 'text',
        length: 65535,
        nullable: 'YES',
        defaultValue: null,
        extra: '',
        comment: '説明',
        key: '',
      },
      {
        name: 'created_at',
        type: 'datetime',
        length: null,
        nullable: 'NO',
        defaultValue: 'current_timestamp',
        extra: '',
        comment: '作成日時',
        key: '',
      },
      {
        name: 'updated_at',
        type: 'datetime',
        length: null,
        nullable: 'NO',
        defaultValue: 'current_timestamp',
        extra: 'on update current_timestamp',
        comment: '更新日時',
        key: '',
      },
    ]);
  });

  it('has the table comment, utf8mb4, InnoDB and the category index', async () => {
    const [table] = await queryDatabase<{ comment: string; engine: string; collation: string }>(
      db.name,
      `SELECT TABLE_COMMENT AS comment, ENGINE AS engine, TABLE_COLLATION AS collation
         FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cookings'`,
    );
    expect(table).toEqual({ comment: '料理', engine: 'InnoDB', collation: expect.stringMatching(/^utf8mb4_/) });
    const indexes = await queryDatabase<{ name: string; column: string; nonUnique: number }>(
      db.name,
      `SELECT INDEX_NAME AS name, COLUMN_NAME AS \`column\`, NON_UNIQUE AS nonUnique
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cookings'
        ORDER BY INDEX_NAME`,
    );
    expect(indexes.map((index) => ({ ...index, nonUnique: Number(index.nonUnique) }))).toEqual([
      { name: 'cookings_category_index', column: 'category', nonUnique: 1 },
      { name: 'PRIMARY', column: 'id', nonUnique: 0 },
    ]);
  });

  it('fills created_at and updated_at, and moves updated_at on update, inside the database', async () => {
    await queryDatabase(db.name, "INSERT INTO cookings (name) VALUES ('raw insert')");
    const [inserted] = await queryDatabase<{ id: number; created: Date; updated: Date }>(
      db.name,
      "SELECT id, created_at AS created, updated_at AS updated FROM cookings WHERE name = 'raw insert'",
    );
    expect(inserted.created).toBeInstanceOf(Date);
    await queryDatabase(db.name, 'UPDATE cookings SET updated_at = updated_at - INTERVAL 1 DAY WHERE id = ?', [
      inserted.id,
    ]);
    await queryDatabase(db.name, "UPDATE cookings SET name = 'raw update' WHERE id = ?", [inserted.id]);
    // `lag` would be a reserved word on MySQL 8+ (a window function).
    const [updated] = await queryDatabase<{ behind: number }>(
      db.name,
      'SELECT TIMESTAMPDIFF(HOUR, updated_at, NOW()) AS behind FROM cookings WHERE id = ?',
      [inserted.id],
    );
    expect(Number(updated.behind)).toBe(0);
  });

  it('reports no difference between the entities and the migrated database', async () => {
    const check = await mikroOrm(['migration:check'], db.url);
    expect(check.output).toMatch(/No changes required/);
    expect(check.code).toBe(0);
    const live = await mikroOrm(['schema:update', '--dump'], db.url);
    expect(live.output).toMatch(/Schema is up-to-date/);
    expect(live.code).toBe(0);
  });

  it('migration:down to the first version removes the table, and up again recreates it', async () => {
    const down = await mikroOrm(['migration:down', '--to', '0'], db.url);
    expect(down.code).toBe(0);
    expect(await tableNames()).toEqual(['mikro_orm_migrations', 'mikro_orm_migrations_meta']);
    const up = await mikroOrm(['migration:up'], db.url);
    expect(up.code).toBe(0);
    expect(await tableNames()).toEqual([
      'cooking_ingredients',
      'cooking_name_grams',
      'cooking_name_index_leases',
      'cookings',
      'ingredients',
      'mikro_orm_migrations',
      'mikro_orm_migrations_meta',
    ]);
    expect((await columns()).map((column) => column.name)).toEqual([
      'id',
      'name',
      'category',
      'description',
      'created_at',
      'updated_at',
    ]);
  });
});
