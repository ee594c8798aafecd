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
  const loaded = (await import(modulePath)) as { kata?: KataDefinition };
  if (loaded.kata === undefined || typeof loaded.kata !== 'object') throw new UsageError(`${modulePath} does not export \`kata\` (a KataDefinition)`);
  return { kata: loaded.kata, modulePath };
}
