import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { describeDatabase } from './config/database-url.js';
import { loadConfig } from './config/app-config.js';
import { createApp } from './app.factory.js';
import { exitWithOneLine } from './lifecycle/fatal-exit.js';
import { listeningOn } from './http/listen-address.js';
import { closeOnSignals } from './lifecycle/graceful-shutdown.js';

try {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const logger = new Logger('Bootstrap');
  closeOnSignals(app, logger);
  const address = app.getHttpServer().address();
  logger.log(`listening on ${listeningOn(address)} (database ${describeDatabase(config.database)})`);
} catch (error) {
  exitWithOneLine(error);
}
