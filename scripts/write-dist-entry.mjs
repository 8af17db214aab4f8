// The compiler mirrors the source tree (root config, src/, migrations/) into dist/, which puts
// the app at dist/src/main.js; this adds the documented entry point dist/main.js beside it. It
// turns V8's compile cache on before the app's modules load (see src/migrator/cli/main.ts).
import { writeFileSync } from 'node:fs';

writeFileSync(
  new URL('../dist/main.js', import.meta.url),
  "import { enableCompileCache } from 'node:module';\n\nenableCompileCache();\nawait import('./src/main.js');\n",
);
