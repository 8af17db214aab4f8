// npm run search:backfill — adds the name-search grams of cookings written around the API (a bulk
// load, hand-written SQL), on the database of DATABASE_URL (from the environment or .env, read and
// checked as the app reads them). Idempotent: names that already have their grams are left as they
// are. docs/search.md says when it is needed.
import { type ResultSetHeader } from 'mysql2/promise';
import { loadConfig } from '../src/config/app-config.js';
import { describeDatabase } from '../src/config/database-url.js';
import { BACKFILL_NAME_GRAMS_SQL } from '../src/cooking/name-grams.js';
import { connectTo } from '../src/migrator/index.js';

try {
  const target = loadConfig().database;
  // Without FOUND_ROWS (mysql2 sets it), ON DUPLICATE KEY counts a kept row as 0 and a new one as
  // 1; with it, every run reported every gram as added.
  const db = await connectTo(target, { timeoutMs: 10_000, inDatabase: true, session: { flags: ['-FOUND_ROWS'] } });
  try {
    const started = Date.now();
    const [added] = await db.query<ResultSetHeader>(BACKFILL_NAME_GRAMS_SQL);
    console.log(
      `search:backfill: ${added.affectedRows} gram rows added on ${describeDatabase(target)} in ${Date.now() - started} ms`,
    );
  } finally {
    await db.end();
  }
} catch (error) {
  console.error(`search:backfill: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
