import { describeProblem } from '../../migration-words/index.js';
import { optionsOf, type Command } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'report every failed, changed, missing or out-of-order migration at once (exit 4 if any)',
  usage: 'verify [--json]',
  details: ['--json   print {"ok": bool, "problems": [...]}'],
  options: optionsOf('verify'),
  async run(ctx) {
    const problems = (await ctx.migrator(await ctx.connect()).verify()).map((problem) =>
      describeProblem(problem, ctx.db),
    );
    if (ctx.json) {
      ctx.printJson({ ok: problems.length === 0, problems });
    } else {
      ctx.out(
        problems.length === 0
          ? 'verify: all applied migrations match their files'
          : problems.map((line) => `problem: ${line}`).join('\n'),
      );
    }
    return problems.length === 0 ? EXIT.ok : EXIT.problems;
  },
};

export const repairCommand: Command = {
  name: 'repair',
  summary: 're-record the checksums of applied migrations whose files were edited on purpose',
  usage: 'repair --checksums [--json]',
  details: ['--checksums   required: the one kind of repair this command does'],
  options: optionsOf('repair'),
  async run(ctx, flags) {
    if (!flags.checksums) {
      throw new UsageError('say what to repair: `repair --checksums`');
    }
    const repaired = await ctx.migrator(await ctx.connect()).repairChecksums();
    if (ctx.json) {
      ctx.printJson({ repaired });
    } else {
      ctx.out(
        repaired.length === 0
          ? 'repair: every checksum already matches'
          : repaired.map((name) => `checksum re-recorded: ${name}`).join('\n'),
      );
    }
    return EXIT.ok;
  },
};

export const resolveCommand: Command = {
  name: 'resolve',
  summary: 'end the failed state of a migration after fixing the database by hand',
  usage: 'resolve NAME (--rolled-back | --applied)',
  details: [
    '--rolled-back   you undid what it did: it is marked not applied and runs again on the next up',
    '--applied       you completed it by hand: it is recorded as applied',
  ],
  options: optionsOf('resolve'),
  positionals: { min: 1, max: 1 },
  async run(ctx, flags, [name]) {
    if (Boolean(flags['rolled-back']) === Boolean(flags.applied)) {
      throw new UsageError('give exactly one of --rolled-back or --applied');
    }
    const outcome = flags.applied ? 'applied' : 'rolled-back';
    await ctx.migrator(await ctx.connect()).resolveFailed(name, outcome);
    ctx.out(
      outcome === 'applied'
        ? `${name} recorded as applied`
        : `${name} marked as not applied; it runs again on the next up`,
    );
    return EXIT.ok;
  },
};
