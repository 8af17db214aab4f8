import { runBin } from './support/run-cli.js';

describe('the test run itself', () => {
  it('fails at once with one line when the database it is pointed at is unreachable', async () => {
    const result = await runBin(
      'node',
      ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', 'src/common/like-pattern.spec.ts'],
      { env: { DATABASE_URL: 'mysql://root@127.0.0.1:1/life_platter' } },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'The tests need MySQL or MariaDB and could not reach one at 127.0.0.1:1 (ECONNREFUSED). Start it, or point the tests ' +
        'elsewhere: DATABASE_URL=mysql://user:password@host:3306/any_name npm test',
    );
    expect(result.output).not.toMatch(/PASS|Tests:/);
  });
});
