/**
 * The registry of katas by id. A kata under development can also be loaded from the path of a
 * module exporting `kata: KataDefinition` (`--kata ./path/to/kata.ts`); its workspaces remember that path.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UnknownKataError, UsageError } from '../errors';
import type { KataDefinition } from '../kata';
import { kata as gptKv } from './gpt-kv';

export const katas: Record<string, KataDefinition> = {
  [gptKv.manifest.id]: gptKv,
};

/** What `kata start` and `kata` alone use when no kata is named. */
export const DEFAULT_KATA = 'gpt-kv';

export interface LoadedKata {
  kata: KataDefinition;
  /** Absolute module path when the kata came from a path rather than the registry. */
  modulePath?: string;
}

function looksLikePath(ref: string): boolean {
  return ref.includes('/') || ref.includes(path.sep) || /\.[cm]?[jt]s$/.test(ref);
}

/** A kata by registry id or by module path (relative to the current directory). */
export async function loadKata(ref: string): Promise<LoadedKata> {
  if (!looksLikePath(ref)) {
    const kata = katas[ref];
    if (kata === undefined) throw new UnknownKataError(ref, Object.keys(katas));
    return { kata };
  }
  const modulePath = path.resolve(ref);
  if (!fs.existsSync(modulePath)) throw new UsageError(`no kata module at ${modulePath}; pass a kata id (${Object.keys(katas).join(', ')}) or the path of a module exporting \`kata\``);
  let loaded: { kata?: KataDefinition };
  try {
    loaded = (await import(modulePath)) as { kata?: KataDefinition };
  } catch (err) {
    // A syntax error (ts-register's CompileError), a throw at import, an invalid manifest: the module's fault.
    throw new UsageError(`cannot load the kata module ${modulePath}: ${oneLine(err)}; fix the module, or pass a kata id (${Object.keys(katas).join(', ')})`);
  }
  if (loaded.kata === undefined || typeof loaded.kata !== 'object') throw new UsageError(`${modulePath} does not export \`kata\` (a KataDefinition)`);
  return { kata: loaded.kata, modulePath };
}

/** An error's message on one line; a zod error by its first issue (its message is a JSON dump). */
function oneLine(err: unknown): string {
  const issues = (err as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues;
  if (Array.isArray(issues) && issues.length > 0) return `${issues[0].path.map(String).join('.') || 'top level'}: ${issues[0].message}`;
  const text = (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
