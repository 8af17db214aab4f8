/** The `db` command itself, loaded by main.ts once the compile cache is on. */
import 'reflect-metadata';
import { dbCommandOf } from '../config/app-config.js';
import { describeFailure, runDbCli } from './run.js';

// Output piped into `head` and the like: the reader leaving is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') {
    throw error;
  }
  process.exit(process.exitCode ?? 0);
});

try {
  process.exitCode = await runDbCli(process.argv.slice(2), (text) => process.stdout.write(`${text}\n`));
} catch (error) {
  const { code, text } = describeFailure(error, dbCommandOf());
  process.stderr.write(`error: ${text}\n`);
  process.exitCode = code;
}
