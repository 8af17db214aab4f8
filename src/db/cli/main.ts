/**
 * The project's migration command:
 *   development: npm run -s db -- <command> [options]
 *   production:  node dist/src/db/cli/main.js <command> [options]   (no TypeScript loader needed)
 */
import 'reflect-metadata';
import { describeFailure, runDbCli } from './run.js';

try {
  process.exitCode = await runDbCli(process.argv.slice(2), (text) => process.stdout.write(`${text}\n`));
} catch (error) {
  const { code, text } = describeFailure(error);
  process.stderr.write(`error: ${text}\n`);
  process.exitCode = code;
}
