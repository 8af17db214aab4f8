import nodeModule from 'node:module';

/** The Node major version package.json's `engines` asks for; `npm ci` installs it (the `node` package). */
export const REQUIRED_NODE_MAJOR = 24;

/**
 * What an entry point does first: refuse an older Node in one line (rather than crash on a
 * missing API such as enableCompileCache), then turn V8's compile cache on before the heavy
 * modules load. Imports nothing that an older Node could not load.
 */
export function startOnSupportedNode(script: string, version = process.versions.node): void {
  const major = Number(version.split('.')[0]);
  if (major < REQUIRED_NODE_MAJOR) {
    process.stderr.write(`${unsupportedNodeMessage(script, version)}\n`);
    process.exit(1);
  }
  nodeModule.enableCompileCache();
}

export function unsupportedNodeMessage(script: string, version: string): string {
  return (
    `error: ${script} needs Node ${REQUIRED_NODE_MAJOR} (this is Node ${version}). ` +
    `Run it with the Node that \`npm ci\` installed: \`npm exec -- node ${script}\`` +
    (script === 'dist/main.js' ? ' or `npm start`' : '') +
    ', or install Node 24.'
  );
}
