/**
 * The grams the name search index holds for a name: each character and each adjacent pair,
 * counted in code points as SQL's SUBSTRING counts them. The migration back-fills the same set.
 */
export function nameGrams(name: string): string[] {
  const chars = Array.from(name);
  const grams = new Set(chars);
  for (let i = 0; i + 1 < chars.length; i++) {
    grams.add(chars[i] + chars[i + 1]);
  }
  return [...grams];
}

/** How many of a query's pairs the search weighs before choosing the one to walk. */
export const MAX_WEIGHED_PAIRS = 8;

/**
 * The grams a search for `q` may walk: its distinct adjacent pairs (the first
 * MAX_WEIGHED_PAIRS), or its only character. Every name containing `q` holds each of them, so
 * walking any one's postings and confirming with LIKE finds exactly the names LIKE finds; the
 * search walks the one with the fewest postings. Empty for an empty `q`, which filters nothing.
 */
export function searchGrams(q: string): string[] {
  const chars = Array.from(q);
  if (chars.length <= 1) {
    return chars;
  }
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length && pairs.size < MAX_WEIGHED_PAIRS; i++) {
    pairs.add(chars[i] + chars[i + 1]);
  }
  return [...pairs];
}

/**
 * Adds the grams of every stored name that lacks them, idempotently: for rows written around
 * the API (bulk loads, hand-written SQL), which the search would otherwise not find. The
 * migration that created the index ran the same statement; its copy is frozen by its checksum.
 */
export const BACKFILL_NAME_GRAMS_SQL = `insert into \`cooking_name_grams\` (\`gram\`, \`cooking_id\`) select \`gram\`, \`cooking_id\` from (select substring(c.\`name\`, p.n, 1) as \`gram\`, c.\`id\` as \`cooking_id\` from \`cookings\` c join (select a.d + 10 * b.d + 100 * h.d + 1 as n from (select 0 d union all select 1 union all select 2 union all select 3 union all select 4 union all select 5 union all select 6 union all select 7 union all select 8 union all select 9) a cross join (select 0 d union all select 1 union all select 2 union all select 3 union all select 4 union all select 5 union all select 6 union all select 7 union all select 8 union all select 9) b cross join (select 0 d union all select 1 union all select 2) h) p on p.n <= char_length(c.\`name\`) union all select substring(c.\`name\`, p.n, 2), c.\`id\` from \`cookings\` c join (select a.d + 10 * b.d + 100 * h.d + 1 as n from (select 0 d union all select 1 union all select 2 union all select 3 union all select 4 union all select 5 union all select 6 union all select 7 union all select 8 union all select 9) a cross join (select 0 d union all select 1 union all select 2 union all select 3 union all select 4 union all select 5 union all select 6 union all select 7 union all select 8 union all select 9) b cross join (select 0 d union all select 1 union all select 2) h) p on p.n < char_length(c.\`name\`)) as \`grams\` on duplicate key update \`gram\` = \`cooking_name_grams\`.\`gram\`;`;
