import { randomBytes } from 'node:crypto';
import { ScratchDatabaseError } from '../errors/index.js';
import type { ServerTarget } from '../types.js';
import { DdlSession } from './ddl-session.js';
import { quoteIdentifier } from '../sql/sql-clauses.js';

/**
 * Runs `work` in a database made for it and dropped afterwards, whatever happens:
 * `<database>_<purpose>_<random hex>`, the names the compose init script grants the migrator
 * user (CREATE and DROP on `<db>\_plan\_%` and `<db>\_drift\_%`). The session is left using it.
 */
export async function withScratchDatabase<T>(
  session: DdlSession,
  database: string,
  purpose: 'plan' | 'drift',
  work: (scratch: string) => Promise<T>,
): Promise<T> {
  const scratch = `${database.slice(0, 40)}_${purpose}_${randomBytes(4).toString('hex')}`;
  try {
    await session.query(`create database ${quoteIdentifier(scratch)} character set utf8mb4`);
  } catch (error) {
    throw new ScratchDatabaseError(scratch, database, (error as Error).message, purpose);
  }
  try {
    await session.query(`use ${quoteIdentifier(scratch)}`);
    return await work(scratch);
  } finally {
    await session.query(`drop database if exists ${quoteIdentifier(scratch)}`).catch(() => undefined);
  }
}

/** Drops and creates the scratch database again, empty, for a fresh start inside `work`. */
export async function emptyScratchDatabase(session: DdlSession, scratch: string): Promise<void> {
  await session.query(`drop database ${quoteIdentifier(scratch)}`);
  await session.query(`create database ${quoteIdentifier(scratch)} character set utf8mb4`);
  await session.query(`use ${quoteIdentifier(scratch)}`);
}

/**
 * A DDL session of its own on `target`, using a scratch database (above) for `work`; both gone
 * afterwards. The session still names the live database's tables as `<database>`.`<table>`.
 */
export async function withScratchSession<T>(
  target: ServerTarget,
  purpose: 'plan' | 'drift',
  work: (session: DdlSession, scratch: string) => Promise<T>,
): Promise<T> {
  const session = await DdlSession.open(target, 5);
  try {
    return await withScratchDatabase(session, target.database, purpose, (scratch) => work(session, scratch));
  } finally {
    await session.close();
  }
}
