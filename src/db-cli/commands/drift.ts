import { detectDrift } from '../../migrator/index.js';
import { explain } from '../../migration-words/index.js';
import { optionsOf, type Command } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const driftCommand: Command = {
  name: 'drift',
  summary: 'compare the live schema with the entities and with the applied migrations (exit 5 on drift)',
  needsEntities: true,
  usage: 'drift [--json]',
  details: [
    'Prints the SQL that would reconcile each difference. The replay of the applied migrations runs',
    'in a scratch database <db>_drift_<random> that is dropped afterwards (the user needs CREATE/DROP on it).',
  ],
  options: optionsOf('drift'),
  async run(ctx) {
    const orm = await ctx.connect();
    const { skipped, ...report } = await detectDrift(orm);
    const skippedBecause = skipped ? explain(skipped, ctx.db) : undefined;
    const drifted = report.entities.length > 0 || (report.migrations?.length ?? 0) > 0;
    if (ctx.json) {
      ctx.printJson({ drift: drifted, ...report, skipped: skippedBecause });
      return drifted ? EXIT.drift : EXIT.ok;
    }
    const section = (title: string, sql: string[]) => {
      ctx.out(sql.length === 0 ? `${title}: no difference` : `${title}: DRIFT — SQL to reconcile the live schema:`);
      sql.forEach((line) => ctx.out(`  ${line}`));
    };
    section('live schema vs entities', report.entities);
    if (report.migrations) {
      section('live schema vs applied migrations', report.migrations);
    } else {
      ctx.out(`live schema vs applied migrations: not checked: ${skippedBecause}`);
    }
    return drifted ? EXIT.drift : EXIT.ok;
  },
};
