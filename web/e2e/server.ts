// The fixture factory for the service: a real `escalator serve --testing --demo` on a free
// port (--listen 127.0.0.1:0; the port is read from its first line), a fresh database in a
// temporary directory, the built web app (dist/) as its web root, and the manual clock
// starting on a Monday 09:00 in New York, and sessions that outlive the clock's jumps. Plus API helpers for test set-up and the clock.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const repo = resolve(import.meta.dirname, '..', '..');
export const binary = process.env.ESCALATOR_BINARY ?? join(repo, 'build', 'escalator');
export const policy = join(repo, 'examples', 'saas-support.yaml');
export const webRoot = resolve(import.meta.dirname, '..', 'dist');
export const screenshots = join(repo, 'docs', 'screenshots');
export const start = '2026-03-02T14:00:00Z';
export const password = 'escalator-demo';

export class Service {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  static async start(): Promise<Service> {
    const dir = mkdtempSync(join(tmpdir(), 'escalator-e2e-'));
    const child = spawn(binary, [
      'serve', '--policy', policy, '--db', join(dir, 'e2e.db'), '--listen', '127.0.0.1:0',
      '--testing', '--start', start, '--demo', '--demo-password', password,
      '--web-root', webRoot, '--no-access-log', '--sync', 'normal',
      // Sessions expire on the service's clock, which the live tests move by days.
      '--session-hours', '2160',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const lines = createInterface({ input: child.stdout! });
    const url = await new Promise<string>((ok, fail) => {
      child.once('exit', (code) => fail(new Error(`escalator serve exited (${code}): ${stderr}`)));
      lines.on('line', (line) => {
        const match = /listening on (http:\/\/\S+)/.exec(line);
        if (match?.[1]) ok(match[1]);
      });
    });
    child.removeAllListeners('exit');
    return new Service(url, child, dir);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((ok) => this.child.once('exit', ok));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A signed-in API session for set-up and checks (not for what the UI must show). */
  async session(username: string): Promise<ApiSession> {
    const response = await fetch(`${this.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrf_token: csrf } = (await response.json()) as { csrf_token: string };
    return new ApiSession(this.url, cookie, csrf);
  }

  /** Moves the manual clock; the service fires what falls due on the way before it answers. */
  async advance(seconds: number): Promise<void> {
    const response = await fetch(`${this.url}/_test/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advance_seconds: seconds }),
    });
    if (!response.ok) throw new Error(`clock: ${response.status} ${await response.text()}`);
  }
}

export class ApiSession {
  constructor(private readonly url: string, private readonly cookie: string, private readonly csrf: string) {}

  async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.url}${path}`, { headers: { Cookie: this.cookie } });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { Cookie: this.cookie, 'X-CSRF-Token': this.csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
}

export interface TicketJson {
  id: number;
  key: string;
  subject: string;
  status: string;
  level: string;
  assignee: string | null;
  version: number;
  sla: { state: string; next_deadline: string | null };
}
