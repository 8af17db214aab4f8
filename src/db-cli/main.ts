/**
 * The project's migration command:
 *   development: npm run -s db -- <command> [options]
 *   production:  node dist/src/db-cli/main.js <command> [options]   (no TypeScript loader needed)
 *
 * Most of a short run is loading ~900 modules (MikroORM, Kysely, mysql2). V8's compile cache
 * (NODE_COMPILE_CACHE, else the OS temp folder) keeps their compiled code between runs; the
 * Docker image fills it at build time (bench/README.md). It must be on before they load, hence
 * the dynamic import; an older Node is refused in one line first.
 */
import { startOnSupportedNode } from '../config/node-runtime.js';

startOnSupportedNode('dist/src/db-cli/main.js');
await import('./start.js');
