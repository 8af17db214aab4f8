import { MikroORM } from '@mikro-orm/core';
import { createOrmConfig } from '../db/orm-config.js';
import type { AppConfig, MigrationConfig } from '../config/app-config.js';
import { describeDatabase, onServer, type DatabaseTarget } from '../config/database-url.js';
import { DatabaseConnectError } from '../db/database-connect.error.js';
import { probeServer, type ServerFlavor, type ServerInfo } from '../db/server-probe.js';
import { clusterNote, writeTargetOf, type ClusterWriteTarget } from '../db/cluster/write-target.js';
import { migratorOf, type SafeMigrator } from '../migrator/index.js';

export type Orm = Awaited<ReturnType<typeof MikroORM.init>>;

/** What every command gets: the configuration, output, and an ORM opened on demand. */
export class CommandContext {
  private orm?: Orm;
  server?: ServerInfo;
  /** Set when DATABASE_URL names a cluster: where the statements go and the members (connect()). */
  cluster?: ClusterWriteTarget;

  constructor(
    readonly config: AppConfig,
    readonly json: boolean,
    readonly out: (text: string) => void,
    private readonly migrationFlags: Partial<MigrationConfig> = {},
    private readonly needsEntities = false,
    private readonly createsDatabase = false,
    private readonly note: (text: string) => void = (text) => process.stderr.write(`${text}\n`),
  ) {}

  /** How the db command is typed where this output is read (MIGRATION_COMMAND): every way out starts with it. */
  get db(): string {
    return this.config.migrations.command;
  }

  get database(): string {
    return describeDatabase(this.config.database);
  }

  /** Connects (with the configured retries) and returns the ORM with the project's migrator. */
  async connect(): Promise<Orm> {
    if (!this.orm) {
      this.server = await probeServer(this.config.database, { retries: this.config.connectRetries });
      if (!this.server.databaseExists && !this.createsDatabase) {
        throw DatabaseConnectError.missing(this.config.database, this.db);
      }
      // On a cluster every statement goes to the member that takes writes (never a secondary).
      const write = await writeTargetOf(this.config.database, this.server.flavor);
      this.cluster = write.cluster;
      if (write.cluster) {
        this.note(clusterNote(write.cluster, this.config.database));
      }
      this.orm = await this.init(this.server.flavor, write.target);
    }
    return this.orm;
  }

  /** An ORM that never connects: for commands that only read migration files. */
  async offline(flavor?: ServerFlavor): Promise<Orm> {
    this.orm ??= await this.init(flavor ?? (this.config.database.scheme === 'mariadb' ? 'mariadb' : 'mysql'));
    return this.orm;
  }

  private async init(flavor: ServerFlavor, database = this.config.database): Promise<Orm> {
    const options = await createOrmConfig(
      { ...this.config, database },
      {
        flavor,
        migrations: this.migrationFlags,
        write: this.out,
        entities: this.needsEntities,
      },
    );
    return MikroORM.init({ ...options, pool: { min: 0, max: 2 } });
  }

  /** The cluster's members other than the one the statements went to: where the migrate job waits for its schema. */
  get otherMembers(): DatabaseTarget[] {
    const cluster = this.cluster;
    return (cluster?.members ?? [])
      .filter((member) => `${member.host}:${member.port}` !== cluster?.writer)
      .map((member) => onServer(this.config.database, member));
  }

  migrator(orm: Orm): SafeMigrator {
    return migratorOf(orm);
  }

  printJson(value: unknown): void {
    this.out(JSON.stringify(value, null, 2));
  }

  async close(): Promise<void> {
    await this.orm?.close(true);
  }
}
