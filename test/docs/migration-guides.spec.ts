import { readFileSync } from 'node:fs';

/**
 * docs/migrations.ja.md translates docs/migrations.md: the prose differs, everything else must not.
 * Same headings at the same levels, the same command headings, commands and exit codes, and the
 * same code blocks (program output stays in English), so an edit to one guide fails here until
 * the other follows.
 */
const EN = 'docs/migrations.md';
const JA = 'docs/migrations.ja.md';
const root = new URL('../../', import.meta.url);

interface Heading {
  level: number;
  text: string;
}

interface Guide {
  headings: Heading[];
  /** Fenced code blocks, opening fence line first, with the indentation of a list item removed. */
  blocks: string[];
  /** The lines outside code blocks. */
  prose: string;
}

function parse(path: string): Guide {
  const headings: Heading[] = [];
  const blocks: string[] = [];
  const prose: string[] = [];
  let block: string[] | undefined;
  let indent = '';
  for (const line of readFileSync(new URL(path, root), 'utf8').split('\n')) {
    const fence = /^(\s*)```/.exec(line);
    if (block && fence) {
      blocks.push(block.join('\n'));
      block = undefined;
    } else if (block) {
      block.push(line.startsWith(indent) ? line.slice(indent.length) : line);
    } else if (fence) {
      indent = fence[1];
      block = [line.trim()];
    } else {
      prose.push(line);
      const heading = /^(#{1,6}) (.+)$/.exec(line);
      if (heading) {
        headings.push({ level: heading[1].length, text: heading[2] });
      }
    }
  }
  return { headings, blocks, prose: prose.join('\n') };
}

/** `npm run -s db -- up` and `npx mikro-orm migration:up` as written in the prose, `-s` aside. */
function invocations(guide: Guide): string[] {
  const db = [...guide.prose.matchAll(/npm run (?:-\S+ )*db -- ([a-z][\w:-]*)/g)].map((m) => `npm run db -- ${m[1]}`);
  const cli = [...guide.prose.matchAll(/npx mikro-orm ([a-z][\w:-]*)/g)].map((m) => `npx mikro-orm ${m[1]}`);
  return [...new Set([...db, ...cli])].sort();
}

/** The first column of the exit-code table: the only table whose rows start with a number. */
function exitCodes(guide: Guide): string[] {
  return [...guide.prose.matchAll(/^\| *(\d+) *\|/gm)].map((m) => m[1]);
}

const outline = (heading: Heading) => `${'#'.repeat(heading.level)} ${heading.text}`;
const firstLines = (block: string) => block.split('\n').slice(0, 2).join(' ').slice(0, 120);

/** What one list has and the other lacks, naming the file it is missing from; then order. */
function differences(what: string, english: string[], japanese: string[], label = (item: string) => item): string[] {
  const missing = (from: string[], other: string[], file: string) =>
    from.filter((item) => !other.includes(item)).map((item) => `${what} missing from ${file}: ${label(item)}`);
  const problems = [...missing(english, japanese, JA), ...missing(japanese, english, EN)];
  if (problems.length === 0 && english.join('\0') !== japanese.join('\0')) {
    problems.push(`${what}s are in another order (or repeated) in ${JA} than in ${EN}`);
  }
  return problems;
}

describe('the Japanese migration guide keeps in step with the English one', () => {
  const en = parse(EN);
  const ja = parse(JA);

  it('finds what it compares in the English guide', () => {
    expect(en.headings.length).toBeGreaterThan(10);
    expect(en.blocks.length).toBeGreaterThan(10);
    expect(exitCodes(en)).toContain('0');
    expect(invocations(en)).toContain('npm run db -- up');
  });

  it('has the same headings at the same levels, in the same order', () => {
    const problems: string[] = [];
    if (en.headings.length !== ja.headings.length) {
      problems.push(`${EN} has ${en.headings.length} headings, ${JA} has ${ja.headings.length}`);
    }
    const at = en.headings.findIndex((heading, index) => heading.level !== ja.headings[index]?.level);
    if (at >= 0) {
      const japanese = ja.headings[at] ? `"${outline(ja.headings[at])}"` : 'nothing';
      problems.push(`heading ${at + 1} is "${outline(en.headings[at])}" in ${EN} but ${japanese} in ${JA}`);
    }
    expect(problems).toEqual([]);
  });

  it('has the same command headings, byte for byte', () => {
    const commands = (guide: Guide) => guide.headings.filter((h) => h.text.startsWith('`')).map(outline);
    expect(differences('command heading', commands(en), commands(ja))).toEqual([]);
  });

  it('names the same commands and exit codes', () => {
    expect([
      ...differences('command', invocations(en), invocations(ja)),
      ...differences('exit code', exitCodes(en), exitCodes(ja)),
    ]).toEqual([]);
  });

  it('has the same code blocks, in the same order', () => {
    expect(differences('code block', en.blocks, ja.blocks, firstLines)).toEqual([]);
  });
});
