import { runBin } from '../support/run-cli.js';

const JEST = ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js'];
const UNREACHABLE = { DATABASE_URL: 'mysql://root@127.0.0.1:1/life_platter' };

describe('the test run itself', () => {
  it('fails at once with one line when the database an integration suite needs is unreachable', async () => {
    const result = await runBin('node', [...JEST, 'test/deploy/startup.e2e-spec.ts'], { env: UNREACHABLE });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'The tests need MySQL or MariaDB and could not reach one at 127.0.0.1:1 (ECONNREFUSED). Start it, or point the tests ' +
        'elsewhere: DATABASE_URL=mysql://user:password@host:3306/any_name npm test',
    );
    expect(result.output).not.toMatch(/PASS|Tests:/);
  });

  it('runs the unit tier without any database (npm run test:unit)', async () => {
    const result = await runBin('node', [...JEST, 'src/db/like-pattern.spec.ts', '--selectProjects', 'unit'], {
      env: UNREACHABLE,
    });
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/PASS unit src\/db\/like-pattern\.spec\.ts/);
    expect(result.output).not.toContain('could not reach');
  });
});
