/** B1, the practical limit: bare Fastify and a mysql2 pool with hand-written SQL. */
import Fastify from 'fastify';
import { createPool, type ResultSetHeader } from 'mysql2/promise';
import { COLUMNS, clampPage, nowSql, poolOptions, toJson, type Row } from './sql.js';

const pool = createPool(poolOptions(process.env.DATABASE_URL!));
const app = Fastify({ bodyLimit: 100 * 1024 });

app.get<{ Params: { id: string } }>('/cookings/:id', async (request, reply) => {
  const [rows] = await pool.query(`SELECT ${COLUMNS} FROM cookings WHERE id = ?`, [Number(request.params.id)]);
  const row = (rows as Row[])[0];
  return row ? toJson(row) : reply.status(404).send({ statusCode: 404, error: 'Not Found', message: 'not found' });
});

app.get<{ Querystring: { limit?: string; offset?: string } }>('/cookings', async (request) => {
  const { limit, offset } = clampPage(request.query);
  const [rows] = await pool.query(`SELECT ${COLUMNS} FROM cookings ORDER BY id LIMIT ? OFFSET ?`, [limit, offset]);
  const [count] = await pool.query('SELECT COUNT(*) AS total FROM cookings');
  return { items: (rows as Row[]).map(toJson), total: Number((count as [{ total: number }])[0].total), limit, offset };
});

app.post<{ Body: { name: string; category?: string; description?: string } }>('/cookings', async (request, reply) => {
  const now = nowSql();
  const { name, category = null, description = null } = request.body;
  const [result] = await pool.query(
    'INSERT INTO cookings (name, category, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    [name, category, description, now, now],
  );
  const id = (result as ResultSetHeader).insertId;
  return reply.status(201).send(toJson({ id, name, category, description, created_at: now, updated_at: now }));
});

app.patch<{ Params: { id: string }; Body: { name?: string } }>('/cookings/:id', async (request, reply) => {
  const id = Number(request.params.id);
  await pool.query('UPDATE cookings SET name = COALESCE(?, name), updated_at = ? WHERE id = ?', [
    request.body.name ?? null,
    nowSql(),
    id,
  ]);
  const [rows] = await pool.query(`SELECT ${COLUMNS} FROM cookings WHERE id = ?`, [id]);
  const row = (rows as Row[])[0];
  return row ? toJson(row) : reply.status(404).send({ statusCode: 404, error: 'Not Found', message: 'not found' });
});

app.get('/health/live', () => Promise.resolve({ status: 'ok' }));

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);
