/**
 * The hostile inputs of test/api/hostile.e2e-spec.ts: injections, wrong types, bad ids and limits,
 * broken bodies and unknown routes, each with what a correct server may answer.
 */

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Case {
  name: string;
  method: Method;
  url: string;
  body?: string | Buffer;
  contentType?: string;
  /** Statuses a correct server may give; every other status fails the case. */
  expect: 'client-error' | 'success';
}

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE cookings; --",
  '" OR ""="',
  '1; SELECT SLEEP(5)',
  "\\'; DELETE FROM cookings WHERE '1'='1",
  '%',
  '_',
  '\u0000',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
];
const WRONG_TYPES: unknown[] = [42, true, [], ['a'], { a: 1 }, -0.5];
const BAD_IDS = [
  '0',
  '-1',
  '1.5',
  '1e3',
  '0x10',
  'abc',
  '99999999999',
  '2147483648',
  '%20',
  "1'",
  '1;DROP',
  '🍣',
  'x'.repeat(300),
  '+7',
];
const BAD_LIMITS = ['0', '-1', '101', '1.5', 'abc', '1e2', '', '99999999999999999999', '%00', "1'--"];

export const json = (value: unknown) => JSON.stringify(value);

export function cases(): Case[] {
  const list: Case[] = [];
  const post = (path: string, name: string, body: unknown, expect: Case['expect']) =>
    list.push({ name, method: 'POST', url: path, body: typeof body === 'string' ? body : json(body), expect });

  for (const field of ['name', 'category', 'description']) {
    for (const value of [...WRONG_TYPES, ...(field === 'name' ? [null] : [])]) {
      post('/cookings', `cooking ${field} = ${json(value)}`, { name: 'ok', [field]: value }, 'client-error');
    }
    for (const value of INJECTIONS) {
      post('/cookings', `cooking ${field} injection ${json(value)}`, { name: 'injected', [field]: value }, 'success');
    }
  }
  for (const field of ['__proto__', 'constructor', 'prototype', 'id', 'createdAt', 'updatedAt', 'isAdmin']) {
    post('/cookings', `unknown field ${field}`, `{"name":"x","${field}":{"polluted":true}}`, 'client-error');
  }
  post('/cookings', 'nested __proto__', '{"name":"x","category":{"__proto__":{"polluted":true}}}', 'client-error');
  post('/cookings', 'huge name', { name: 'x'.repeat(10_000) }, 'client-error');
  post('/cookings', 'huge category', { name: 'x', category: 'c'.repeat(5_000) }, 'client-error');
  post('/cookings', '63 KB description (valid)', { name: 'long read', description: 'あ'.repeat(21_000) }, 'success');
  post(
    '/cookings',
    'description over 65535 bytes',
    { name: 'too long', description: 'あ'.repeat(21_846) },
    'client-error',
  );
  post('/cookings', '1 MB body', { name: 'x', description: 'y'.repeat(1024 * 1024) }, 'client-error');
  for (const raw of [
    '',
    '{',
    '{"name":',
    'null',
    '[]',
    '"x"',
    '42',
    'true',
    '{"name":"x"}{"name":"y"}',
    '{"name": NaN}',
  ]) {
    post('/cookings', `malformed body ${json(raw)}`, raw, 'client-error');
  }
  list.push({
    name: 'invalid UTF-8',
    method: 'POST',
    url: '/cookings',
    body: Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    expect: 'client-error',
  });
  list.push({
    name: 'overlong UTF-8',
    method: 'POST',
    url: '/cookings',
    body: Buffer.from('{"name":"\xc0\xaf"}', 'latin1'),
    expect: 'client-error',
  });
  for (const contentType of [
    'text/plain',
    'application/xml',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'image/png',
    'application/json; charset=latin1',
  ]) {
    list.push({
      name: `content type ${contentType}`,
      method: 'POST',
      url: '/cookings',
      body: 'name=x',
      contentType,
      expect: 'client-error',
    });
  }
  for (const id of BAD_IDS) {
    const path = encodeURIComponent(id);
    list.push({
      name: `GET cooking id ${id.slice(0, 20)}`,
      method: 'GET',
      url: `/cookings/${path}`,
      expect: 'client-error',
    });
    list.push({
      name: `PATCH cooking id ${id.slice(0, 20)}`,
      method: 'PATCH',
      url: `/cookings/${path}`,
      body: json({ name: 'x' }),
      expect: 'client-error',
    });
    list.push({
      name: `DELETE cooking id ${id.slice(0, 20)}`,
      method: 'DELETE',
      url: `/cookings/${path}`,
      expect: 'client-error',
    });
    list.push({
      name: `GET ingredient id ${id.slice(0, 20)}`,
      method: 'GET',
      url: `/ingredients/${path}`,
      expect: 'client-error',
    });
    list.push({
      name: `PUT cooking ingredients id ${id.slice(0, 20)}`,
      method: 'PUT',
      url: `/cookings/${path}/ingredients`,
      body: json({ items: [] }),
      expect: 'client-error',
    });
  }
  for (const value of BAD_LIMITS) {
    for (const param of ['limit', 'offset']) {
      if (param === 'offset' && ['0', '101'].includes(value)) {
        continue;
      }
      list.push({
        name: `${param}=${value}`,
        method: 'GET',
        url: `/cookings?${param}=${encodeURIComponent(value)}`,
        expect: 'client-error',
      });
    }
  }
  for (const value of INJECTIONS) {
    for (const param of ['q', 'category']) {
      list.push({
        name: `${param} injection ${json(value)}`,
        method: 'GET',
        url: `/cookings?${param}=${encodeURIComponent(value)}`,
        expect: 'success',
      });
    }
    list.push({
      name: `ingredient q injection ${json(value)}`,
      method: 'GET',
      url: `/ingredients?q=${encodeURIComponent(value)}`,
      expect: 'success',
    });
  }
  list.push({ name: 'q too long', method: 'GET', url: `/cookings?q=${'x'.repeat(300)}`, expect: 'client-error' });
  list.push({ name: 'array query', method: 'GET', url: '/cookings?q=a&q=b', expect: 'client-error' });
  list.push({ name: 'prototype query', method: 'GET', url: '/cookings?__proto__=1', expect: 'client-error' });
  for (const value of [...WRONG_TYPES, null]) {
    list.push({
      name: `PATCH name = ${json(value)}`,
      method: 'PATCH',
      url: '/cookings/1',
      body: json({ name: value }),
      expect: 'client-error',
    });
  }
  for (const items of [
    null,
    'x',
    {},
    [null],
    [{ ingredientId: '1', quantity: '1' }],
    [{ ingredientId: 1.5, quantity: '1' }],
    [{ ingredientId: 1, quantity: '' }],
    [{ ingredientId: 1, quantity: 'q'.repeat(51) }],
    [{ ingredientId: -1, quantity: '1' }],
    [{ ingredientId: 1, quantity: 1 }],
    Array.from({ length: 101 }, (_, i) => ({ ingredientId: i + 1, quantity: '1' })),
  ]) {
    list.push({
      name: `PUT items ${json(items).slice(0, 40)}`,
      method: 'PUT',
      url: '/cookings/1/ingredients',
      body: json({ items }),
      expect: 'client-error',
    });
  }
  for (const value of [...WRONG_TYPES, null, '', 'n'.repeat(101)]) {
    post('/ingredients', `ingredient name ${json(value).slice(0, 30)}`, { name: value }, 'client-error');
  }
  INJECTIONS.forEach((value, index) =>
    post('/ingredients', `ingredient injection ${json(value)}`, { name: `${value}#${index}` }, 'success'),
  );
  for (const [method, url] of [
    ['PUT', '/cookings'],
    ['DELETE', '/cookings'],
    ['PATCH', '/ingredients'],
    ['GET', '/../../etc/passwd'],
    ['GET', '/cookings/1/../../x'],
  ] as [Method, string][]) {
    list.push({ name: `route ${method} ${url}`, method, url, expect: 'client-error' });
  }
  return list;
}
