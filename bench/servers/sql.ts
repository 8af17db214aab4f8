/** The hand-written SQL the baselines share, returning the API's JSON shape. */
export const COLUMNS = 'id, name, category, description, created_at, updated_at';

export interface Row {
  id: number;
  name: string;
  category: string | null;
  description: string | null;
  created_at: string;
  updated_at: string;
}

const iso = (value: string) => `${value.replace(' ', 'T')}.000Z`;

export function toJson(row: Row) {
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    description: row.description,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function nowSql(): string {
  return new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export function clampPage(query: { limit?: string; offset?: string }) {
  const limit = Math.min(Math.max(Number(query.limit ?? 20) || 20, 1), 100);
  const offset = Math.max(Number(query.offset ?? 0) || 0, 0);
  return { limit, offset };
}

export function poolOptions(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    user: decodeURIComponent(parsed.username) || 'root',
    password: decodeURIComponent(parsed.password),
    database: parsed.pathname.slice(1),
    connectionLimit: 10,
    dateStrings: true,
    timezone: 'Z',
  };
}
