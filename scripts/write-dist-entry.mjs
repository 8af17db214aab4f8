// The compiler mirrors the source tree (root config, src/, migrations/) into dist/, which puts
// the app at dist/src/main.js; this adds the documented entry point dist/main.js beside it. It
// refuses an older Node in one line, then turns V8's compile cache on before the app's modules
// load (src/config/node-runtime.ts).
import { writeFileSync } from 'node:fs';

writeFileSync(
  new URL('../dist/main.js', import.meta.url),
  "import { startOnSupportedNode } from './src/config/node-runtime.js';\n\n" +
    "startOnSupportedNode('dist/main.js');\nawait import('./src/main.js');\n",
);
