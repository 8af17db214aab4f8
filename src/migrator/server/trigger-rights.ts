/** Runs one query on the migration's connection. */
type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/**
 * Whether CREATE TRIGGER will be refused for want of rights the server checks only with binary
 * logging on: without log_bin_trust_function_creators, the creator needs SUPER (MySQL 8+ and
 * MariaDB alike). Returns the user that lacks it, or undefined when the trigger may be created.
 */
export async function lacksTriggerRights(query: Query): Promise<string | undefined> {
  const [settings] = await query(
    'SELECT @@global.log_bin AS bin, @@global.log_bin_trust_function_creators AS trust, CURRENT_USER() AS user',
  );
  if (!Number(settings.bin) || Number(settings.trust)) {
    return undefined;
  }
  const grants = (await query('SHOW GRANTS')).map((row) => String(Object.values(row)[0]));
  const superUser = grants.some(
    (grant) =>
      /^GRANT\s+ALL\s+PRIVILEGES\s+ON\s+\*\.\*/i.test(grant) ||
      /^GRANT\s+[^]*?\bSUPER\b[^]*?\sON\s+\*\.\*/i.test(grant),
  );
  return superUser ? undefined : String(settings.user);
}
