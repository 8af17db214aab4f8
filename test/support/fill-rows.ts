/**
 * INSERT … SELECT of `rows` numbered rows (1…rows), from as many decimal digits crossed as
 * `rows` needs: servers cap recursive CTEs at 1,000 iterations. `select` maps the number `i` to
 * the inserted columns.
 */
export function fillRows(table: string, columns: string, select: string, rows: number): string {
  const digits = Math.max(1, String(rows).length);
  const names = Array.from({ length: digits }, (_, index) => `d${index}`);
  const number = names.map((name, index) => `${10 ** index} * ${name}.i`).join(' + ');
  return (
    `INSERT INTO \`${table}\` (${columns}) WITH RECURSIVE d (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM d WHERE i < 9), ` +
    `seq (i) AS (SELECT 1 + ${number} AS i FROM ${names.map((name) => `d ${name}`).join(', ')}) ` +
    `SELECT ${select} FROM seq WHERE i <= ${rows}`
  );
}
