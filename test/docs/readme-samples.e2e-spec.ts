import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { db } from '../support/db-cli.js';
import { PROJECT_ROOT } from '../support/run-cli.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The README's sample outputs are what the tool prints: every fenced block after a
 * `<!-- sample: … -->` line is a session of `$ command` lines, each followed by its output. The
 * `db` commands run in order on a database created for the block, the `curl` commands against
 * the app on a fresh migrated database, and each output must equal the README's once the parts
 * that change from run to run (durations, times, the server's version, the URL) are masked.
 */
const MARKER = '<!-- sample: verified by test/docs/readme-samples.e2e-spec.ts -->';

interface Step {
  command: string;
  expected: string;
}

function sampleBlocks(): Step[][] {
  const lines = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8').split('\n');
  const blocks: Step[][] = [];
  for (let index = 0; index < lines.length; index++) {
    if (lines[index] !== MARKER) {
      continue;
    }
    const open = lines.findIndex((line, at) => at > index && line.startsWith('```'));
    const close = lines.findIndex((line, at) => at > open && line === '```');
    const steps: Step[] = [];
    for (const line of lines.slice(open + 1, close)) {
      if (line.startsWith('$ ')) {
        steps.push({ command: line.slice(2), expected: '' });
      } else {
        const step = steps.at(-1)!;
        step.expected = step.expected === '' ? line : `${step.expected}\n${line}`;
      }
    }
    blocks.push(steps);
  }
  return blocks;
}

/** What differs between two honest runs: durations, clock times, the server and where it runs. */
function masked(text: string): string {
  return text
    .replace(/\d+ ms\b/g, 'N ms')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>')
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, '<time>')
    .replace(/\((mysql|mariadb) [^)]+\)/g, '(<server>)')
    .replace(/mysql:\/\/\S+/g, '<url>')
    .trimEnd();
}

/** The output equals the README's, masked alike; the command names the step that differs. */
function expectPrinted(step: Step, output: string): void {
  expect({ command: step.command, output: masked(output) }).toEqual({
    command: step.command,
    output: masked(step.expected),
  });
}

const DB_COMMAND = /^npm run -s db -- (.+)$/;
const CURL = /^curl -s (?:-X (\w+) )?localhost:3000(\S+)(?: -H '[^']*')?(?: -d '([^']*)')?$/;

async function runDbSteps(steps: Step[], database: ScratchDatabase): Promise<void> {
  for (const step of steps) {
    const args = DB_COMMAND.exec(step.command)![1].split(' ');
    expectPrinted(step, (await db(args, database.url)).output);
  }
}

async function runCurlSteps(steps: Step[], api: TestApp): Promise<void> {
  for (const step of steps) {
    const [, method = 'GET', url, body] = CURL.exec(step.command)!;
    const response = await api.app.inject({
      method: method as 'GET',
      url,
      ...(body !== undefined && { headers: { 'content-type': 'application/json' }, payload: body }),
    });
    expectPrinted(step, response.body);
  }
}

describe('the README shows what the tool prints', () => {
  const blocks = sampleBlocks();

  it('has its sample sessions, each command one this suite knows how to run', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const step of blocks.flat()) {
      expect({ command: step.command, known: DB_COMMAND.test(step.command) || CURL.test(step.command) }).toEqual({
        command: step.command,
        known: true,
      });
      expect(step.expected).not.toBe('');
    }
  });

  it.each(blocks.map((steps, index) => [index + 1, steps] as const))('sample session %i', async (_, steps) => {
    if (DB_COMMAND.test(steps[0].command)) {
      const database = await createScratchDatabase('readme');
      try {
        await runDbSteps(steps, database);
      } finally {
        await database.drop();
      }
    } else {
      const api = await startTestApp('readme');
      try {
        await runCurlSteps(steps, api);
      } finally {
        await api.close();
      }
    }
  });
});
