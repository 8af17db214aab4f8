import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { formatDatabaseUrl } from '../../src/config/database-url.js';
import { startBin, type CliResult, type RunningBin } from './run-cli.js';
import { adminConnection } from './scratch-database.js';
import { createScratchProject } from './scratch-project.js';
import { testServer } from './test-env.js';

/** A database name of the test server that no one has created yet (`up` creates it). */
export function newDatabase(label: string): { name: string; url: string; drop(): Promise<void> } {
  const name = `lp_${label}_${randomBytes(4).toString('hex')}_test`;
  return {
    name,
    url: formatDatabaseUrl({ ...testServer(), database: name }),
    async drop() {
      const admin = await adminConnection();
      try {
        await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await admin.end();
      }
    },
  };
}

/** A command's result with its exit code as a number. */
export type Ran = CliResult & { code: number };

/**
 * A team's checkout as a developer has it: a copy of the project in a git repository of its own,
 * with a `.env` naming the developer's database (as `cp .env.example .env` and an edit give), so
 * every command reads its settings the way a person's shell does.
 */
export class TeamProject {
  private constructor(
    readonly dir: string,
    readonly remove: () => Promise<void>,
  ) {}

  static async create(databaseUrl: string): Promise<TeamProject> {
    const scratch = await createScratchProject();
    const project = new TeamProject(scratch.dir, () => scratch.remove());
    await project.write('.env', `DATABASE_URL=${databaseUrl}\nNODE_ENV=development\nDATABASE_CONNECT_RETRIES=0\n`);
    await project.write('.gitignore', 'node_modules\n.env\n');
    await project.git('init', '-q', '-b', 'main');
    await project.git('add', '-A');
    await project.git('commit', '-q', '-m', 'the project as cloned');
    return project;
  }

  /** `npm run -s db -- <args>` in this checkout: its .env, plus `env` on top (a variable set in the shell wins). */
  db(args: string[], env: Record<string, string> = {}): Promise<Ran> {
    return finished(this.startDb(args, env));
  }

  startDb(args: string[], env: Record<string, string> = {}): RunningBin {
    return startBin('node', ['--import', '@swc-node/register/esm-register', 'src/db-cli/main.ts', ...args], {
      cwd: this.dir,
      env,
    });
  }

  /** `npx mikro-orm <args>` in this checkout. */
  mikroOrm(args: string[], env: Record<string, string> = {}): Promise<Ran> {
    return finished(startBin('mikro-orm', args, { cwd: this.dir, env }));
  }

  /**
   * Runs the first `npm run db -- …` command an output prints between backticks (the first that
   * matches `which`), word for word, as a person pasting it would: the printed advice, followed literally.
   */
  follow(output: string, env: Record<string, string> = {}, which = /./): Promise<Ran> {
    const advice = [...output.matchAll(/`npm run db -- ([^`]+)`/g)].map((match) => match[1].trim());
    const chosen = advice.find((command) => which.test(command));
    if (!chosen) {
      throw new Error(`no \`npm run db -- …\` advice matching ${String(which)} in:\n${output}`);
    }
    return this.db(chosen.split(/\s+/), env);
  }

  git(...args: string[]): Promise<Ran> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, {
        cwd: this.dir,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'Team',
          GIT_AUTHOR_EMAIL: 'team@example.com',
          GIT_COMMITTER_NAME: 'Team',
          GIT_COMMITTER_EMAIL: 'team@example.com',
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, output: `${stdout}${stderr}` }));
    });
  }

  async write(path: string, text: string): Promise<void> {
    await mkdir(dirname(join(this.dir, path)), { recursive: true });
    await writeFile(join(this.dir, path), text);
  }

  read(path: string): Promise<string> {
    return readFile(join(this.dir, path), 'utf8');
  }

  /** Replaces `from` in a file; fails when it is not there (an edit that silently did nothing). */
  async edit(path: string, from: string, to: string): Promise<void> {
    const text = await this.read(path);
    if (!text.includes(from)) {
      throw new Error(`${path} has no ${JSON.stringify(from)}`);
    }
    await this.write(path, text.replace(from, to));
  }

  /** The migration files, by name, in the order they run. */
  async migrations(): Promise<string[]> {
    const listed = await this.git('ls-files', '--others', '--cached', '--exclude-standard', 'migrations');
    return listed.stdout
      .split('\n')
      .filter((file) => /\/Migration\w+\.ts$/.test(file))
      .map((file) => file.replace(/^migrations\/|\.ts$/g, ''))
      .sort();
  }
}

async function finished(running: RunningBin): Promise<Ran> {
  const result = await running.done;
  return { ...result, code: result.code ?? -1 };
}

/** A feature module's entity, as a developer adds one: `src/<feature>/<name>.entity.ts`. */
export function entitySource(className: string, table: string, properties: string[]): string {
  return `import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

@Entity({ tableName: '${table}' })
export class ${className} {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

${properties.map((property) => `  ${property}`).join('\n\n')}
}
`;
}
