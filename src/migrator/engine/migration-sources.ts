import type { MigrationFile, MigrationSql } from '../types.js';

/**
 * The migration files and the SQL each runs, read once: MikroORM lists the files, and reading one
 * (state/migration-source.ts) turns it into its statements, checksum and markers. Every part of the
 * engine looks migrations up here, by file or by name, so none holds a file map or a reader of its own.
 */
export class MigrationSources {
  private readonly read = new Map<string, MigrationSql>();
  private listed = new Map<string, MigrationFile>();

  constructor(
    private readonly discover: () => Promise<MigrationFile[]>,
    private readonly readFile: (file: MigrationFile) => Promise<MigrationSql>,
  ) {}

  /** The migration files in the order they run, listed afresh (a file may have come or gone). */
  async files(): Promise<MigrationFile[]> {
    const files = await this.discover();
    this.listed = new Map(files.map((file) => [file.name, file]));
    return files;
  }

  async sqlOf(file: MigrationFile): Promise<MigrationSql> {
    let sql = this.read.get(file.name);
    if (!sql) {
      sql = await this.readFile(file);
      this.read.set(file.name, sql);
    }
    return sql;
  }

  /** The SQL of the migration so named; undefined when no file holds it (a record whose file is gone). */
  async sqlNamed(name: string): Promise<MigrationSql | undefined> {
    const file = this.listed.get(name) ?? (await this.files()).find((candidate) => candidate.name === name);
    return file && this.sqlOf(file);
  }

  /** The SQL of a migration about to run or be recorded, which has a file by then. */
  async sqlToRun(name: string): Promise<MigrationSql> {
    const sql = await this.sqlNamed(name);
    if (!sql) {
      throw new Error(`no migration file holds ${name}, yet it is to be run or recorded`);
    }
    return sql;
  }

  /** Every migration file with its SQL, in run order; `keep` narrows them by name. */
  async every(keep: (name: string) => boolean = () => true): Promise<{ name: string; sql: MigrationSql }[]> {
    const every = [];
    for (const file of await this.files()) {
      if (keep(file.name)) {
        every.push({ name: file.name, sql: await this.sqlOf(file) });
      }
    }
    return every;
  }

  /** Files were written or renamed (create, split, rename): read everything again. */
  forget(): void {
    this.read.clear();
    this.listed.clear();
  }
}
