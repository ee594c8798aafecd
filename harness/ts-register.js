'use strict';
/**
 * Runs TypeScript without a build step, for the `kata` CLI and the sandboxed check processes.
 * Plain JavaScript because it runs before any TypeScript can be loaded.
 *
 * - Transpile-only, per file, with explicit CommonJS options and no tsconfig (what ts-node's
 *   transpile-only mode does with skipProject): a workspace can live anywhere, e.g. /tmp/x with no
 *   tsconfig.json or package.json around it. Type errors are the runner's type-check's business.
 * - A disk cache of the transpiled output keyed by the source text: a check process loads the
 *   engine, the checks and the reference from cache in ~40 ms (0.1 s for the whole process) instead
 *   of ~1.1–1.4 s with ts-node's transpile-only mode (1.3–1.7 s whole), measured on a busy 2-core
 *   machine. TypeScript itself loads only on a miss.
 * - Inline source maps + Node's own source-map support: stack traces cite .ts lines, which the
 *   runner turns into the candidate's file:line.
 * - The engine alias: 'minigpt-kata/tensor' always resolves to this repository's engine, so the
 *   candidate's code and the checks share one module instance and a submission cannot ship its own.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const REPO_ROOT = path.resolve(__dirname, '..');
const ENGINE_REQUEST = 'minigpt-kata/tensor';
const ENGINE_PATH = fs.realpathSync(path.join(REPO_ROOT, 'tensor', 'index.ts'));
const CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'minigpt-kata-ts');
/** Beyond this many cached files, the older half is dropped (each save of a workspace adds one). */
const CACHE_MAX_ENTRIES = 4000;

const COMPILER_OPTIONS = {
  module: 'commonjs',
  target: 'es2022',
  esModuleInterop: true,
  inlineSourceMap: true,
  inlineSources: false,
};

let typescript;
let cacheSalt;
let registered = false;

/** Thrown for a file TypeScript cannot parse; `diagnostics` as TypeScript reports them. */
class CompileError extends Error {
  constructor(filename, diagnostics) {
    const first = diagnostics[0];
    const where = first.file && first.start !== undefined ? first.file.getLineAndCharacterOfPosition(first.start) : undefined;
    const text = typescript.flattenDiagnosticMessageText(first.messageText, ' ');
    super(`${filename}${where ? `:${where.line + 1}:${where.character + 1}` : ''}: ${text} (TS${first.code})`);
    this.name = 'CompileError';
    this.diagnostics = diagnostics;
  }
}

function compile(source, filename) {
  typescript ??= require('typescript');
  const result = typescript.transpileModule(source, {
    fileName: filename,
    reportDiagnostics: true,
    compilerOptions: typescript.convertCompilerOptionsFromJson(COMPILER_OPTIONS, REPO_ROOT).options,
  });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === typescript.DiagnosticCategory.Error);
  if (errors.length > 0) throw new CompileError(filename, errors);
  return result.outputText;
}

function salt() {
  // The compiler's version and options are part of every key: upgrading either recompiles.
  if (cacheSalt === undefined) {
    const version = JSON.parse(fs.readFileSync(require.resolve('typescript/package.json'), 'utf8')).version;
    cacheSalt = `${version}\0${JSON.stringify(COMPILER_OPTIONS)}`;
  }
  return cacheSalt;
}

function cachedCompile(source, filename) {
  const key = crypto.createHash('sha256').update(`${salt()}\0${filename}\0${source}`).digest('hex');
  const file = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // a miss: compile below
  }
  const output = compile(source, filename);
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`; // several processes may compile the same file at once
    fs.writeFileSync(temporary, output);
    fs.renameSync(temporary, file);
    pruneCache();
  } catch {
    // an unwritable cache only costs speed
  }
  return output;
}

function pruneCache() {
  const names = fs.readdirSync(CACHE_DIR);
  if (names.length <= CACHE_MAX_ENTRIES) return;
  const aged = names.map((name) => ({ name, mtime: fs.statSync(path.join(CACHE_DIR, name)).mtimeMs })).sort((a, b) => a.mtime - b.mtime);
  for (const { name } of aged.slice(0, aged.length / 2)) fs.rmSync(path.join(CACHE_DIR, name), { force: true });
}

/**
 * Transpiles a file into the cache without running it, so that a check process can pay for loading
 * the compiler at start-up rather than inside a check's time limit. Errors surface at import instead.
 */
function precompile(filename) {
  try {
    cachedCompile(fs.readFileSync(filename, 'utf8'), filename);
  } catch {
    // a missing file or a syntax error is reported when the check imports it
  }
}

function registerTypeScript() {
  if (registered) return;
  registered = true;
  process.setSourceMapsEnabled(true);
  require.extensions['.ts'] = function loadTypeScript(module, filename) {
    module._compile(cachedCompile(fs.readFileSync(filename, 'utf8'), filename), filename);
  };
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveWithEngineAlias(request, ...rest) {
    return request === ENGINE_REQUEST ? ENGINE_PATH : resolve.call(this, request, ...rest);
  };
}

module.exports = { registerTypeScript, precompile, REPO_ROOT, CACHE_DIR, ENGINE_REQUEST, ENGINE_PATH };
