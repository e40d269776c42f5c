/**
 * A private PostgreSQL cluster for the tests, from Debian's server binaries: initdb into a
 * temporary folder, listening only on a unix socket in that folder, started once per test process
 * (on first use) and stopped and deleted when the process exits. Every feed that asks gets a
 * schema of its own in one database, so tests never see each other's rows.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const INSTALL = 'apt-get install -y postgresql-15';
const DATABASE = 'feed_tests';
// Durability is not what the tests are about: without fsync a cluster starts in about 3 s.
const SERVER_SETTINGS = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'shared_buffers=16MB', 'max_connections=200'];

const run = promisify(execFile);

/** A running private cluster. */
export interface PostgresCluster {
  /** A URL of the tests' database whose connections use `schema`. */
  url(schema: string): string;
  /** A new, empty schema, and the URL that uses it. */
  freshSchema(): Promise<string>;
}

let started: Promise<PostgresCluster> | undefined;

/** The cluster of this test process, started on the first call. */
export function postgresCluster(): Promise<PostgresCluster> {
  started ??= startCluster();
  return started;
}

/** Where initdb and pg_ctl are: FEED_PG_BIN, or the newest /usr/lib/postgresql/<version>/bin. */
export function serverBinaries(): string {
  const fromEnv = process.env.FEED_PG_BIN;
  const candidates = fromEnv
    ? [fromEnv]
    : (existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : [])
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => join('/usr/lib/postgresql', version, 'bin'));
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!found) {
    throw new Error(
      `The PostgreSQL tests start a private cluster, but PostgreSQL's server binaries (initdb, pg_ctl) are not installed ` +
        `(looked in ${fromEnv ? `FEED_PG_BIN=${fromEnv}` : '/usr/lib/postgresql/*/bin'}). Install them with: ${INSTALL}`,
    );
  }
  return found;
}

/** initdb refuses to run as root: then the cluster belongs to the system user `postgres`. */
function clusterOwner(): { uid: number; gid: number; command: (bin: string, args: string[]) => [string, string[]] } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  if (uid.status !== 0) {
    throw new Error(
      `The PostgreSQL tests run as root, so their cluster must belong to the system user postgres, which does not exist. ${INSTALL} creates it.`,
    );
  }
  return {
    uid: Number(uid.stdout),
    gid: Number(id('-g').stdout),
    command: (bin, args) => ['runuser', ['-u', 'postgres', '--', bin, ...args]],
  };
}

async function startCluster(): Promise<PostgresCluster> {
  const bin = serverBinaries();
  const owner = clusterOwner();
  const dir = mkdtempSync(join(tmpdir(), 'fl-pg-'));
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    if (spawnSync(...owner.command('test', ['-w', dir])).status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`The user postgres cannot reach the cluster's folder ${dir}: set TMPDIR to a folder it can reach, such as /tmp.`);
    }
  }
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const command = (tool: string, args: string[]): [string, string[]] =>
    owner ? owner.command(join(bin, tool), args) : [join(bin, tool), args];
  const stop = (): void => {
    spawnSync(...command('pg_ctl', ['stop', '-D', data, '-m', 'immediate']), { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run(...command('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']));
    const options = [`-c listen_addresses=''`, `-k '${dir}'`, ...SERVER_SETTINGS.map((s) => `-c ${s}`)].join(' ');
    await run(...command('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', logFile, '-o', options]));
  } catch (err) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '(no server log)';
    stop();
    throw new Error(`could not start the tests' PostgreSQL cluster: ${err instanceof Error ? err.message : String(err)}\n${log}`, {
      cause: err,
    });
  }
  stopOnExit(stop);
  const url = (database: string, schema?: string): string =>
    `postgres:///${database}?host=${encodeURIComponent(dir)}&user=postgres${schema ? `&options=${encodeURIComponent(`-c search_path=${schema}`)}` : ''}`;
  await query(url('postgres'), `CREATE DATABASE ${DATABASE}`);
  let schemas = 0;
  return {
    url: (schema) => url(DATABASE, schema),
    async freshSchema() {
      const schema = `feed_${++schemas}`;
      await query(url(DATABASE), `CREATE SCHEMA ${schema}`);
      return url(DATABASE, schema);
    },
  };
}

/** Stops the cluster when the process ends, also on a signal (which would otherwise skip 'exit'). */
function stopOnExit(stop: () => void): void {
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      stop();
      process.kill(process.pid, signal);
    });
  }
}

/** Runs one statement on its own connection (none is kept open, so the test process can exit). */
export async function query<Row = unknown>(url: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Row[];
  } finally {
    await client.end();
  }
}
