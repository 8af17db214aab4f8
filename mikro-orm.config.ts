/**
 * What the MikroORM CLI loads (`npx mikro-orm …`); the configuration itself is built in
 * src/db/orm-config.ts, for the app, the `db` command and the tests alike. The CLI's own error
 * path prints its whole help text and a stack trace above the message; a refused or failed
 * migration, an unreachable server or a bad setting is said in one line instead, with exit
 * code 1, as `npm run db` says it.
 */
import { loadConfig, mikroOrmCliCommand } from './src/config/app-config.js';
import { createOrmConfig, refuseImportInProduction } from './src/db/orm-config.js';
import { exitAfterRunLog, exitWithOneLine } from './src/lifecycle/fatal-exit.js';

export default async () => {
  try {
    const config = loadConfig();
    const options = await createOrmConfig(config, { exitOnError: exitWithOneLine, exitWhenHeldBack: exitAfterRunLog });
    await refuseImportInProduction(config, mikroOrmCliCommand());
    return options;
  } catch (error) {
    return exitWithOneLine(error);
  }
};
