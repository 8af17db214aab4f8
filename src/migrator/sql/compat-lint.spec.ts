import { breakingChanges } from './compat-lint.js';

const rules = (up: string[], down: string[] = []) => breakingChanges(up, down).map((finding) => finding.rule);

describe('breakingChanges', () => {
  it('finds what the running release cannot live with: destructive statements and renames', () => {
    expect(rules(['alter table `t` drop column `a`'])).toEqual(['drop-column']);
    expect(rules(['alter table `t` rename column `a` to `b`'])).toEqual(['rename-column']);
    // down() says what the column was, so the lint sees a rename and not a type change.
    expect(
      rules(['alter table `t` change `a` `b` varchar(10) null'], ['alter table `t` change `b` `a` varchar(10) null']),
    ).toEqual(['rename-column']);
    expect(rules(['rename table `t` to `u`'])).toEqual(['rename-table']);
    expect(rules(['alter table `t` rename to `u`'])).toEqual(['rename-table']);
  });

  it('leaves additions, index renames and a CHANGE that keeps the name alone', () => {
    expect(rules(['alter table `t` add `a` int null', 'create index `i` on `t` (`a`)'])).toEqual([]);
    expect(rules(['alter table `t` rename index `i` to `j`'])).toEqual([]);
    expect(
      rules(['alter table `t` change `a` `a` varchar(20) null'], ['alter table `t` change `a` `a` varchar(10) null']),
    ).toEqual([]);
  });

  it('says which statement, in order, and names the table and columns', () => {
    const findings = breakingChanges(
      ['alter table `t` add `x` int null', 'rename table `t` to `u`', 'alter table `v` rename column `a` to `b`'],
      [],
    );
    expect(findings.map((finding) => [finding.statement, finding.rule])).toEqual([
      [2, 'rename-table'],
      [3, 'rename-column'],
    ]);
    expect(findings[1].message).toBe('table v: column a is renamed to b; the running release still uses the old name');
  });
});
