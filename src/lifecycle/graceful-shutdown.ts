import type { Server } from 'node:http';
import type { INestApplication, Logger } from '@nestjs/common';

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish, run Nest's
 * shutdown hooks (the ORM closes its pool), then exit 0. Nest's own enableShutdownHooks()
 * re-raises the signal at the end, which makes the exit status 143 and a clean stop look
 * like a crash to orchestrators and scripts.
 */
export function closeOnSignals(app: INestApplication, logger: Logger, deadlineMs = 10_000): void {
  let closing = false;
  const close = (signal: NodeJS.Signals) => {
    // A second signal must not cut the stop short: `node --watch` (npm run start:dev) passes the
    // terminal's Ctrl-C on to an app that got it from the terminal already, and without a
    // listener Node's default would end the process at once, before the name index hands its
    // lease back and before the last log lines are written. The deadline below still bounds it.
    if (closing) {
      logger.log(`${signal} received again: still closing (at most ${deadlineMs} ms)`);
      return;
    }
    closing = true;
    logger.log(`${signal} received: finishing in-flight requests and closing`);
    setTimeout(() => {
      logger.error(`shutdown did not finish within ${deadlineMs} ms; exiting`);
      process.exit(1);
    }, deadlineMs).unref();
    // Closing the server only drops the keep-alive connections idle at that moment; those still
    // serving a request become idle later and would hold the close open until they time out.
    const server = app.getHttpServer() as Server;
    setInterval(() => server.closeIdleConnections(), 100).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}
