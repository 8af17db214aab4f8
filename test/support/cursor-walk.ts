import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Every id a listing gives, following nextCursor from the first page of `path` (which may carry
 * a query) with pages of `limit`; `between(page)` runs after each page but the last. Each page
 * must answer 200.
 */
export async function walkIds(
  app: NestFastifyApplication,
  path: string,
  limit: number,
  between?: (page: number) => Promise<void>,
): Promise<number[]> {
  const ids: number[] = [];
  const first = `${path}${path.includes('?') ? '&' : '?'}limit=${limit}`;
  let url = first;
  for (let page = 0; ; page++) {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ items: { id: number }[]; nextCursor: string | null }>();
    ids.push(...body.items.map((item) => item.id));
    if (body.nextCursor === null) {
      return ids;
    }
    await between?.(page);
    url = `${first}&cursor=${body.nextCursor}`;
  }
}
