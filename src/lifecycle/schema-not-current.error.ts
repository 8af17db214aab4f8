/** The API refuses to start on a stale schema (REQUIRE_SCHEMA_CURRENT). */
export class SchemaNotCurrentError extends Error {
  override name = 'SchemaNotCurrentError';
}
