import { tookEffect } from '../plan/took-effect.js';
import { classify } from '../sql/ddl-statements.js';
import type { EngineContext } from './engine-context.js';

/**
 * After a run took the lock over from a holder that was provably gone (a killed job, a dead
 * primary: server/lease-holder.ts), the migration that holder was applying is recorded as
 * running at statement k: interrupted. On MySQL 8+ and MariaDB a DDL statement is atomic, and a
 * cluster runs it on every member or on none (Group Replication replicates it once it commits;
 * Galera orders it before it runs), so statement k either took effect everywhere or nowhere.
 * Which of the two is read from the schema (plan/took-effect.ts), and the migration becomes
 * blocked at k, or at k + 1, which `up` resumes. A data statement (UPDATE, INSERT …) cannot be
 * judged from the schema: that migration stays interrupted, for `db resolve`.
 */
export async function recoverInterrupted(engine: EngineContext): Promise<void> {
  const { meta, sources, settings, target } = engine;
  const records = await meta.all();
  for (const file of await sources.files()) {
    const record = records.get(file.name);
    if (record?.status !== 'running' || record.failedStatement === null) {
      continue;
    }
    const sql = await sources.sqlOf(file);
    const statement = record.failedStatement;
    const text = sql.up[statement - 1];
    if (text === undefined || classify(text).kind === 'data') {
      continue;
    }
    const effect = await tookEffect(target, (await engine.server()).flavor, text);
    if (effect === undefined) {
      continue;
    }
    const resumeAt = effect ? statement + 1 : statement;
    await meta.save({
      name: file.name,
      status: 'blocked',
      checksum: sql.checksum,
      statements: sql.up.length,
      failedStatement: resumeAt,
      error: `interrupted at statement ${statement} when its run's connection or member went away; it had ${effect ? '' : 'not '}taken effect`,
      durationMs: null,
    });
    settings.onEvent({
      type: 'run-recovered',
      name: file.name,
      statement,
      statements: sql.up.length,
      tookEffect: effect,
      resumeAt,
    });
  }
}
