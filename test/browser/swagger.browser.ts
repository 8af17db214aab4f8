/**
 * Swagger UI in a real browser: open /docs, expand POST /cookings, "Try it out", execute, and
 * see the 201. Saves a screenshot under test/artifacts/. Run with `npm run test:browser`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { migrateCompiled, startCompiledApp } from '../support/compiled-app.js';
import { PROJECT_ROOT } from '../support/run-cli.js';
import { createScratchDatabase, queryDatabase } from '../support/scratch-database.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = join(PROJECT_ROOT, 'test', 'artifacts', 'swagger-try-it-out.png');

async function main(): Promise<void> {
  const database = await createScratchDatabase('browser');
  const app = await (async () => {
    await migrateCompiled(database.url);
    return startCompiledApp(database.url);
  })();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(`${app.base}/docs`);
    const operation = page.locator('#operations-cookings-CookingController_create');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation
      .locator('textarea.body-param__text')
      .fill(JSON.stringify({ name: 'Browser katsudon', category: 'donburi' }, null, 2));
    await operation.getByRole('button', { name: 'Execute' }).click();
    const status = operation.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: 15_000 });
    const shown = (await status.innerText()).trim();
    await operation.locator('.live-responses-table').scrollIntoViewIfNeeded();
    await mkdir(join(PROJECT_ROOT, 'test', 'artifacts'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    const rows = await queryDatabase<{ name: string }>(database.name, 'SELECT name FROM cookings');
    const ok = shown === '201' && rows.some((row) => row.name === 'Browser katsudon');
    console.log(
      `browser: Swagger UI "Try it out" on POST /cookings answered ${shown}; row stored: ${rows.length === 1}; screenshot ${SCREENSHOT}`,
    );
    console.log(`browser: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await browser.close();
    await app.stop();
    await database.drop();
  }
}

await main();
