import { buildRelease, inspect, must, run, STAND_INS } from './engine.js';
import { compose, healthy, PROJECT, reloadNginx, sql, status, waitFor, APP, BASE, V2 } from './compose-stack.js';
import { toFailingRelease, toV2, toV3 } from './releases.js';
import { requestLoop, underLoad } from './request-loop.js';

/**
 * `docker compose up` for real: the project's docker-compose.yml, Dockerfile, docker/mysql-init
 * and docker/nginx, unchanged, on a real engine (test/compose/run.sh starts it and builds the
 * stand-in base images; COMPOSE_STAND_INS=0 uses the real images the engine already has).
 */
describe('docker compose up on a real engine', () => {
  const summary: string[] = [];

  beforeAll(async () => {
    if (STAND_INS) {
      expect(process.env.STAND_IN_NODE).toBeDefined();
    } else {
      // Pulls nothing: the real images must already be on the engine.
      for (const image of ['node:24-bookworm-slim', 'mysql:8.0', 'nginx:1.27-alpine']) {
        expect((await run('docker', ['image', 'inspect', image])).code).toBe(0);
      }
    }
    await compose.run(['down', '-v', '--remove-orphans']);
    const built = performance.now();
    await compose.must(['build']);
    summary.push(`build: ${((performance.now() - built) / 1000).toFixed(1)} s`);
    const started = performance.now();
    // As docs/deploy.md starts it: detached, returning once every service is healthy (or its job done).
    await compose.must(['up', '-d', '--wait']);
    await waitFor('the first 200 through nginx', async () => (await status('/cookings')) === 200);
    const image = await inspect(`life-platter-api:compose-test`);
    summary.push(
      `image life-platter-api: ${(image.Size / 1e6).toFixed(0)} MB; time from up to the first 200 through nginx: ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 900_000);

  afterAll(async () => {
    console.log(`compose test (${STAND_INS ? 'stand-in images' : 'real images'}):\n  ${summary.join('\n  ')}`);
    if (process.env.COMPOSE_KEEP !== '1') {
      await compose.run(['down', '-v', '--remove-orphans']);
    }
  }, 120_000);

  it('ran the migrate job to exit 0 before the api started, and the api is healthy', async () => {
    const [migrate] = await compose.containers('migrate', true);
    const [api] = await compose.containers('api');
    const job = await inspect(migrate);
    const server = await inspect(api);
    expect(job.State.ExitCode).toBe(0);
    expect(Date.parse(job.State.FinishedAt)).toBeLessThanOrEqual(Date.parse(server.State.StartedAt));
    expect(server.State.Health.Status).toBe('healthy');
    const logs = (await compose.must(['logs', '--no-color', 'migrate'])).split('\n');
    expect(logs.some((line) => line.includes('"event":"summary"') && line.includes('"outcome":"ok"'))).toBe(true);
  });

  it('nginx serves CRUD on cookings and ingredients, /docs, the JSON 413 and the request id', async () => {
    const json = { 'content-type': 'application/json' };
    const created = await fetch(`${BASE}/cookings`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: '肉じゃが', category: '和食' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    expect(await status(`/cookings/${id}`)).toBe(200);
    expect(
      await status(`/cookings/${id}`, {
        method: 'PATCH',
        headers: json,
        body: JSON.stringify({ description: '甘辛い' }),
      }),
    ).toBe(200);
    const onion = await fetch(`${BASE}/ingredients`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: '玉ねぎ' }),
    });
    expect(onion.status).toBe(201);
    const { id: ingredientId } = (await onion.json()) as { id: number };
    expect(
      await status(`/cookings/${id}/ingredients`, {
        method: 'PUT',
        headers: json,
        body: JSON.stringify({ items: [{ ingredientId, quantity: '1個' }] }),
      }),
    ).toBe(200);
    expect(await status(`/cookings/${id}`, { method: 'DELETE' })).toBe(204);
    expect(await status(`/ingredients/${ingredientId}`, { method: 'DELETE' })).toBe(204);
    expect(await status(`/cookings/${id}`)).toBe(404);

    const docs = await fetch(`${BASE}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');

    const tooLarge = await fetch(`${BASE}/cookings`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'x'.repeat(200_000) }),
    });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });

    // nginx gives each request an id ($request_id), passes it to the api, which logs it and
    // sends it back: the id a support request quotes is the one in the api's log.
    const traced = await fetch(`${BASE}/cookings?limit=1`);
    expect(traced.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    const [api] = await compose.containers('api');
    await waitFor('the request in the api log', async () =>
      (await run('docker', ['logs', '--tail', '50', api])).stdout.includes(traced.headers.get('x-request-id')!),
    );
  });

  it("denies the app's database user DROP and CREATE; runs the api as a non-root user from an image without TypeScript tools", async () => {
    const drop = await sql('DROP TABLE cookings', APP.user, APP.password);
    expect(drop.code).not.toBe(0);
    expect(drop.stderr).toMatch(/DROP command denied/);
    const create = await sql('CREATE TABLE sneaky (id INT)', APP.user, APP.password);
    expect(create.stderr).toMatch(/CREATE command denied/);
    expect((await sql('SELECT COUNT(*) FROM cookings', APP.user, APP.password)).code).toBe(0);

    const [api] = await compose.containers('api');
    expect((await must('docker', ['exec', api, 'id', '-u'])).trim()).toBe('1000');
    expect((await inspect(api)).Config.User).toBe('node');
    const image = 'life-platter-api:compose-test';
    const absent = await run('docker', [
      'run',
      '--rm',
      '--entrypoint',
      'sh',
      image,
      '-c',
      'for p in typescript ts-node tsx @swc-node/register @swc/core jest @nestjs/testing; do [ -e node_modules/$p ] && echo "present: $p"; done; ls dist/main.js',
    ]);
    expect(absent.stdout.trim()).toBe('dist/main.js');
  });

  it('a second up leaves the schema alone: the job says there is nothing to apply', async () => {
    const before = (await sql('SHOW CREATE TABLE cookings')).stdout;
    await compose.must(['up', '-d']);
    const [migrate] = await compose.containers('migrate', true);
    await waitFor('the migrate job to finish', async () => (await inspect(migrate)).State.Status === 'exited');
    expect((await inspect(migrate)).State.ExitCode).toBe(0);
    const logs = await must('docker', ['logs', '--tail', '3', migrate]);
    expect(logs).toMatch(/"event":"summary","direction":"up","outcome":"ok","migrations":0,"statements":0/);
    expect((await sql('SHOW CREATE TABLE cookings')).stdout).toBe(before);
  });

  it('rolling deploy: two replicas replaced one at a time under a request loop, with 0 failed requests and every write kept', async () => {
    await compose.must(['up', '-d', '--scale', 'api=2', '--no-recreate']);
    const old = await compose.containers('api');
    expect(old).toHaveLength(2);
    await waitFor('both replicas healthy', async () => (await Promise.all(old.map(healthy))).every(Boolean));
    await reloadNginx();

    await buildRelease('life-platter-api:compose-v2', process.env.STAND_IN_NODE, toV2);

    const fresh: string[] = [];
    const report = await underLoad(requestLoop(BASE), async () => {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      // v2's migrate job, while both v1 replicas serve.
      const job = await compose.run(['run', '--rm', '--no-deps', 'migrate'], { APP_VERSION: 'compose-v2' });
      expect(job.code).toBe(0);
      expect(job.stdout + job.stderr).toContain(`"name":"${V2}","status":"applied"`);
      await new Promise((resolve) => setTimeout(resolve, 2000));

      // The deploy guide's replacement, one replica at a time: compose adds a v2 replica beside the
      // running ones (--no-recreate keeps them), nginx learns of it, then the oldest v1 one stops.
      for (const replica of old) {
        const before = new Set(await compose.containers('api'));
        await compose.must(['up', '-d', '--no-deps', '--no-recreate', '--scale', `api=${old.length + 1}`, 'api'], {
          APP_VERSION: 'compose-v2',
        });
        const [added] = (await compose.containers('api')).filter((id) => !before.has(id));
        expect((await inspect(added)).Config.Image).toBe('life-platter-api:compose-v2');
        fresh.push(added);
        await waitFor('the new replica healthy', () => healthy(added));
        await reloadNginx();
        // SIGTERM, as an orchestrator stops a replica; it finishes what it is serving.
        await must('docker', ['stop', '--time', '15', replica]);
        await must('docker', ['rm', replica]);
        await reloadNginx();
      }
      await new Promise((resolve) => setTimeout(resolve, 3000));
    });

    expect(report.failures).toEqual([]);
    expect(report.failed).toBe(0);
    expect(report.sent).toBeGreaterThan(100);
    const stored = new Map(
      (await sql(`SELECT id, name FROM cookings WHERE name LIKE 'deploy %'`)).stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('\t'))
        .map(([id, name]) => [Number(id), name]),
    );
    const lost = [...report.written].filter(([id, name]) => stored.get(id) !== name);
    expect(lost).toEqual([]);
    // nginx retries a POST whose connection failed before any answer; none ran twice.
    expect(stored.size).toBe(report.written.size);
    const served = (await (await fetch(`${BASE}/cookings/${[...report.written.keys()].at(-1)}`)).json()) as Record<
      string,
      unknown
    >;
    expect(served).toHaveProperty('servings', null);
    summary.push(
      `rolling deploy: ${report.sent} requests sent, ${report.failed} failed, max latency ${report.maxLatencyMs.toFixed(0)} ms, ` +
        `${report.written.size} acknowledged writes, all ${report.written.size - lost.length} in the database, ` +
        `${stored.size - report.written.size} written twice; ` +
        `replicas ${old.length} × v1 → ${fresh.length} × v2`,
    );
  }, 600_000);

  it('a release whose migration fails: the job the deploy guide runs first exits 1 and nothing is replaced; a bare up of it would stop the api', async () => {
    await buildRelease('life-platter-api:compose-bad', process.env.STAND_IN_NODE, toFailingRelease);
    // The deploy guide's release order: the new image's job first, `up` only once it exited 0.
    const job = await compose.run(['run', '--rm', 'migrate'], { APP_VERSION: 'compose-bad' });
    expect(job.code).toBe(1);
    expect(job.stdout + job.stderr).toContain("no_such_table' doesn't exist");
    expect(await status('/cookings?limit=1')).toBe(200);

    // What the deploy guide warns about: Compose v2 recreates the api (and nginx, which depends on it)
    // before it runs the job, then leaves them unstarted when the job fails.
    const up = await compose.run(['up', '-d', '--no-build'], { APP_VERSION: 'compose-bad' });
    expect(up.code).not.toBe(0);
    expect(up.stderr).toContain(`service "migrate" didn't complete successfully: exit 1`);
    const running = await must('docker', [
      'ps',
      '--filter',
      `label=com.docker.compose.project=${PROJECT}`,
      '--format',
      '{{.Image}}',
    ]);
    expect(running).not.toContain('life-platter-api:compose-bad');
    expect(await status('/cookings?limit=1')).toBeUndefined();
    // Back to the last release that works (v2: the database has its migration).
    await compose.must(['up', '-d', '--wait', '--no-build'], { APP_VERSION: 'compose-v2' });
    expect(await status('/cookings?limit=1')).toBe(200);
    const said = (output: string) =>
      output
        .split('\n')
        .find((line) => /didn't complete|"status":"failed"/.test(line))
        ?.trim()
        .slice(0, 160);
    summary.push(
      `failing release: its job (docker compose run --rm migrate) exited ${job.code}: ${said(job.stdout + job.stderr)}; ` +
        `a bare up said: ${said(up.stderr)}`,
    );
  }, 600_000);

  it('a fresh volume whose history holds a contract migration: the job brings it to head in one run', async () => {
    // Release v3: v2, a contract migration that drops v2's notes table, and an expand one after it.
    await buildRelease('life-platter-api:compose-v3', process.env.STAND_IN_NODE, toV3);
    await compose.must(['down', '-v', '--remove-orphans']);
    await compose.must(['up', '-d', '--wait', '--no-build'], { APP_VERSION: 'compose-v3' });
    const [migrate] = await compose.containers('migrate', true);
    expect((await inspect(migrate)).State.ExitCode).toBe(0);
    const logs = await compose.must(['logs', '--no-color', 'migrate'], { APP_VERSION: 'compose-v3' });
    expect(logs).toContain('"event":"fresh-database","contracts":["Migration20991231000001"]');
    expect(logs).toMatch(/"event":"summary","direction":"up","outcome":"ok","migrations":7,/);
    expect(
      (
        await sql(
          "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'life_platter' AND TABLE_NAME = 'cooking_notes'",
        )
      ).stdout.trim(),
    ).toBe('0');
    expect(await status('/cookings?limit=1')).toBe(200);
    summary.push(`fresh volume with a contract migration in its history: the job applied all 7 migrations in one run`);
  }, 600_000);

  it('down -v leaves no container, network or volume of the project', async () => {
    await compose.must(['down', '-v', '--remove-orphans']);
    const left = await Promise.all([
      must('docker', ['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`]),
      must('docker', ['network', 'ls', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`]),
      must('docker', ['volume', 'ls', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`]),
    ]);
    expect(left.map((out) => out.trim())).toEqual(['', '', '']);
  });
});
