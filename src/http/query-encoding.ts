/**
 * The first query parameter whose percent-encoding does not decode to UTF-8 (a lone `%`, `%FF`,
 * `%ED%A0%80`, an encoded lone surrogate), as its name is written, if any. Fastify's query parser
 * keeps such a value as its raw text, so `?q=%FF` searched for the three characters "%FF".
 */
export function badlyEncodedParameter(url: string): string | undefined {
  const start = url.indexOf('?');
  if (start === -1 || !url.includes('%', start)) {
    return undefined;
  }
  for (const pair of url.slice(start + 1).split('&')) {
    try {
      decodeURIComponent(pair);
    } catch {
      return pair.split('=')[0].slice(0, 40);
    }
  }
  return undefined;
}
