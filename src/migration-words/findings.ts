/** A lint finding as a line: `<migration> statement <k> [<rule>]: <what it does>`. */
export function formatFindings(
  name: string,
  findings: { rule: string; statement: number; message: string }[],
): string[] {
  return findings.map((finding) => `${name} statement ${finding.statement} [${finding.rule}]: ${finding.message}`);
}
