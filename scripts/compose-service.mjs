// Prints one service of docker-compose.yml as JSON ({ command, environment }), with ${VAR},
// ${VAR:-default} and $$ interpolated from the current environment the way Compose does, so
// the rehearsal runs exactly what compose would run instead of a retyped copy.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const [service, file = 'docker-compose.yml'] = process.argv.slice(2);
const compose = parse(readFileSync(file, 'utf8'), { merge: true });
const definition = compose.services?.[service];
if (!definition) {
  console.error(`compose-service: no service "${service}" in ${file}`);
  process.exit(2);
}

const interpolate = (text) =>
  String(text).replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (match, name, fallback) => {
    if (match === '$$') {
      return '$';
    }
    const value = process.env[name];
    return value === undefined || (value === '' && match.includes(':-')) ? (fallback ?? '') : value;
  });

const environment = Object.fromEntries(
  Object.entries(definition.environment ?? {}).map(([key, value]) => [key, interpolate(value)]),
);
const command = (definition.command ?? []).map(interpolate);
process.stdout.write(`${JSON.stringify({ command, environment })}\n`);
