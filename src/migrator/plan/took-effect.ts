import { withScratchSession } from '../server/scratch-database.js';
import type { ServerTarget, ServerFlavor } from '../types.js';
import { copyTables } from './ddl-plan.js';
import { tableSizes } from './table-sizes.js';

/**
 * What a DDL statement's refusal says when what it creates is there already or what it drops or
 * renames is gone: table exists (1050), duplicate column (1060) or key (1061), nothing to drop
 * (1091), no such table (1051, 1146) or column (1054), duplicate foreign key name (1826).
 */
const ALREADY_DONE = new Set([1050, 1051, 1054, 1060, 1061, 1091, 1146, 1826]);

/**
 * Whether a DDL statement has already taken effect on the live schema, told by trying it on an
 * empty copy of that schema (a scratch database, as the plan does): refused for one of the
 * reasons above, it had; accepted, it had not (or it changes nothing when run again). Undefined
 * when the copy refuses it for another reason: the question has no answer from the schema.
 */
export async function tookEffect(
  target: ServerTarget,
  flavor: ServerFlavor,
  sql: string,
): Promise<boolean | undefined> {
  return withScratchSession(target, 'plan', async (session) => {
    const sizes = await tableSizes(session, target.database, flavor);
    await copyTables(session, target.database, sizes, false);
    try {
      await session.query(sql);
      return false;
    } catch (error) {
      return ALREADY_DONE.has(Number((error as { errno?: unknown }).errno)) ? true : undefined;
    }
  });
}
