/** Shared helpers of the harness tests: temporary folders, folder snapshots, running the real bin. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const BIN = path.join(REPO, 'bin', 'kata');
export const TINY = path.join(REPO, 'test', 'fixtures', 'katas', 'tiny');
export const TINY_MODULE = path.join(TINY, 'index.ts');
export const WORKSPACES = path.join(REPO, 'test', 'fixtures', 'workspaces');

export function tempDir(prefix = 'kata-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function copyDir(from: string, to: string): string {
  fs.cpSync(from, to, { recursive: true });
  return to;
}

/** Every file under `dir` with its sha256, to prove a run left the folder byte-identical. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = path.join(dir, entry);
    if (fs.statSync(file).isFile()) out[entry] = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}

export interface BinResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/kata …` as a user would (no TTY), in `cwd`. */
export function runBin(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<BinResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}
