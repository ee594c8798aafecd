/**
 * The CheckContext a check gets inside the sandboxed child: workspace modules loaded once per
 * process and verified against the manifest's exports, the reference solution beside them, and
 * import tracking so the parent can tell "the import hung" from "the check hung".
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import type { CheckContext } from '../check';
import { CandidateError } from '../errors';
import { describeError } from './describe-error';
import type { ChildConfig, ChildMessage } from './protocol';

type LoadFn = (request: string, parent: unknown, isMain: boolean) => unknown;
interface ModuleInternals {
  _load: LoadFn;
  _resolveFilename(request: string, parent: unknown, isMain: boolean): string;
  _cache: Record<string, unknown>;
}
const internals = Module as unknown as ModuleInternals; // Node's loader hooks are untyped

export class WorkspaceLoader {
  private readonly loaded = new Map<string, Record<string, unknown>>();
  /** Files whose import hung or crashed a previous process: failing fast beats waiting again. */
  blocked: Record<string, string> = {};

  constructor(
    private readonly config: ChildConfig,
    private readonly send: (message: ChildMessage) => void,
  ) {
    this.trackImports();
  }

  context(full: boolean): CheckContext {
    return {
      dir: this.config.dir,
      full,
      load: (file) => this.load(file),
      reference: (file) => this.reference(file),
    };
  }

  private load(file: string): Record<string, unknown> {
    const spec = this.config.files.find((f) => f.path === file);
    if (spec === undefined) throw new Error(`the check asked for "${file}", which is not one of the kata's files`);
    const cached = this.loaded.get(file);
    if (cached !== undefined) return cached;
    const absolute = path.join(this.config.dir, file);
    if (!fs.existsSync(absolute)) throw new CandidateError(`${file} is missing from the workspace ${this.config.dir}`);
    let exports: Record<string, unknown>;
    try {
      exports = require(absolute) as Record<string, unknown>;
    } catch (err) {
      if (err instanceof CandidateError && err.message.startsWith('blocked:')) throw err;
      throw new CandidateError(`importing ${file} failed: ${describeError(err, this.config.dir).message}`);
    }
    const missing = spec.exports.filter((name) => !(name in exports) || exports[name] === undefined);
    if (missing.length > 0) {
      const what = missing.length === 1 ? `export ${missing[0]}` : `exports ${missing.join(', ')}`;
      throw new CandidateError(`${file} does not ${what} (the kata needs ${spec.exports.join(', ')} from it); check the name and the \`export\` keyword`);
    }
    this.loaded.set(file, exports);
    return exports;
  }

  private reference(file: string): Record<string, unknown> {
    if (!this.config.files.some((f) => f.path === file)) throw new Error(`the check asked for reference "${file}", which is not one of the kata's files`);
    return require(path.join(this.config.solutionDir, file)) as Record<string, unknown>;
  }

  /**
   * Wraps Node's loader so that every first import of a workspace file (also one imported by
   * another workspace file) is announced to the parent, and a blocked file fails immediately.
   */
  private trackImports(): void {
    const { dir } = this.config;
    const original = internals._load;
    const loader = this; // eslint-style alias: `this` inside the replaced loader is Node's
    internals._load = function loadTracked(this: unknown, request, parent, isMain) {
      let filename: string;
      try {
        filename = internals._resolveFilename(request, parent, isMain);
      } catch {
        return original.call(this, request, parent, isMain);
      }
      const file = path.relative(dir, filename);
      if (file.startsWith('..') || path.isAbsolute(file) || internals._cache[filename] !== undefined) {
        return original.call(this, request, parent, isMain);
      }
      const reason = loader.blocked[file];
      if (reason !== undefined) throw new CandidateError(`blocked: importing ${file} ${reason}`);
      loader.send({ type: 'importing', file });
      try {
        return original.call(this, request, parent, isMain);
      } finally {
        loader.send({ type: 'imported', file });
      }
    };
  }
}
