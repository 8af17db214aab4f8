// The compiler mirrors the source tree (root config, src/, migrations/) into dist/, which puts
// the app at dist/src/main.js; this adds the documented entry point dist/main.js beside it.
import { writeFileSync } from 'node:fs';

writeFileSync(new URL('../dist/main.js', import.meta.url), "import './src/main.js';\n");
