import { readFileSync } from 'node:fs';
import { REQUIRED_NODE_MAJOR, unsupportedNodeMessage } from './node-runtime.js';

describe('unsupportedNodeMessage', () => {
  it('names the version needed, the one found and the commands that use the installed Node', () => {
    expect(unsupportedNodeMessage('dist/main.js', '20.20.2')).toBe(
      'error: dist/main.js needs Node 24 (this is Node 20.20.2). Run it with the Node that `npm ci` installed: ' +
        '`npm exec -- node dist/main.js` or `npm start`, or install Node 24.',
    );
    expect(unsupportedNodeMessage('dist/src/db-cli/main.js', '22.1.0')).toContain(
      '`npm exec -- node dist/src/db-cli/main.js`, or install Node 24.',
    );
  });

  it('agrees with package.json engines', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.engines.node).toBe(`>=${REQUIRED_NODE_MAJOR} <${REQUIRED_NODE_MAJOR + 1}`);
  });
});
