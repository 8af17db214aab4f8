/** A migration file as `migration:create` would write it, with the given statements. */
export function migrationSource(name: string, up: string[], down: string[] = [], extra = ''): string {
  const lines = (sql: string[]) =>
    sql.map((statement) => `    this.addSql(\`${statement.replace(/`/g, '\\`')}\`);`).join('\n');
  return `import { Migration } from '@mikro-orm/migrations';

export class ${name} extends Migration {
  override name = '${name}';
${extra}
  override up(): void | Promise<void> {
${lines(up)}
  }

  override down(): void | Promise<void> {
${lines(down)}
  }
}
`;
}
