/**
 * A strict TypeScript type-check of the workspace files, run in its own process beside the checks
 * (never blocking them). Diagnostics are shown in reports but never fail a check by themselves:
 * transpile-only execution already tells the candidate what breaks at run time. A type-check that
 * cannot finish (a timeout on a busy machine, a crash) is not a type error: it is reported as
 * `incomplete`, a note that decides nothing.
 */
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CACHE_DIR, REPO_ROOT } from '../ts-register';
import { CHILD_ENTRY, seconds } from './check-process';

export interface Diagnostic {
  /** Path relative to the workspace. */
  file: string;
  /** 1-based; 0 when the diagnostic has no position. */
  line: number;
  col: number;
  /** TypeScript's error code, e.g. 2322. */
  code: number;
  message: string;
}

export interface TypecheckRequest {
  dir: string;
  files: string[];
}

export interface TypecheckResult {
  /** TypeScript's diagnostics; complete only when `incomplete` is undefined. */
  diagnostics: Diagnostic[];
  /** Why the type-check could not finish (timeout, crash); its diagnostics are then unknown. */
  incomplete?: string;
}

/** The type-check process's main: its source holds the compiler options, so it is part of the cache key. */
const TYPECHECK_CHILD = path.join(__dirname, 'typecheck-child.ts');

/** Every .ts file under `dir` (no node_modules or dot folders), sorted. */
function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.split(path.sep).some((part) => part === 'node_modules' || part.startsWith('.')))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Diagnostics depend on the compiler and its options (in typecheck-child.ts), the workspace's .ts
 * files and the engine's, nothing else, so they are cached by those contents: a re-run after an
 * unrelated save costs no compiler start.
 */
function cacheFile(request: TypecheckRequest): string {
  const hash = createHash('sha256');
  hash.update(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'typescript', 'package.json')));
  hash.update(fs.readFileSync(TYPECHECK_CHILD));
  hash.update(JSON.stringify(request));
  for (const file of [...tsFiles(request.dir), ...tsFiles(path.join(REPO_ROOT, 'tensor'))]) hash.update(`\0${file}\0`).update(fs.readFileSync(file));
  return path.join(CACHE_DIR, `typecheck-${hash.digest('hex')}.json`);
}

/** Type-checks (cached by content); never rejects: a type-check that cannot finish says why in `incomplete`. */
export async function typecheckWorkspace(request: TypecheckRequest, timeoutMs: number): Promise<TypecheckResult> {
  const cached = cacheFile(request);
  if (fs.existsSync(cached)) return { diagnostics: JSON.parse(fs.readFileSync(cached, 'utf8')) as Diagnostic[] };
  const result = await typecheckInChild(request, timeoutMs);
  if (result.incomplete === undefined) {
    try {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      fs.writeFileSync(cached, JSON.stringify(result.diagnostics));
    } catch {
      // an unwritable cache only costs speed
    }
  }
  return result;
}

function typecheckInChild(request: TypecheckRequest, timeoutMs: number): Promise<TypecheckResult> {
  const note = (incomplete: string): TypecheckResult => ({ diagnostics: [], incomplete });
  return new Promise((resolve) => {
    const child = fork(CHILD_ENTRY, ['typecheck', JSON.stringify(request)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-500)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(note(`the type-check did not finish within ${seconds(timeoutMs)}`));
    }, timeoutMs);
    child.on('message', (message: unknown) => {
      clearTimeout(timer);
      child.kill();
      resolve(Array.isArray(message) ? { diagnostics: message as Diagnostic[] } : note('the type-check sent an unexpected answer'));
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve(note(`the type-check could not run: ${err.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(note(`the type-check ended without an answer (exit code ${code})${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`));
    });
  });
}
