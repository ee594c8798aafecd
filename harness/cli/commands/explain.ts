import type { KataDefinition } from '../../kata';
import { DEFAULT_KATA, loadKata } from '../../katas';
import { findCheck } from '../../manifest';
import { locateWorkspace } from '../../workspace';
import { kataRefOf, readState } from '../../workspace-state';
import { chalkFor, type Io } from '../terminal';

export interface ExplainOptions {
  kata?: string;
  dir?: string;
}

/** The kata named by --kata, else the located workspace's, else the default one. */
async function kataFor(options: ExplainOptions): Promise<KataDefinition> {
  if (options.kata !== undefined) return (await loadKata(options.kata)).kata;
  const dir = locateWorkspace(options.dir, DEFAULT_KATA);
  const state = dir === undefined ? undefined : readState(dir);
  return (await loadKata(state ? kataRefOf(state) : DEFAULT_KATA)).kata;
}

/** `kata explain [id]`: what a check proves and why it matters; without an id, the list of checks. */
export async function explainCommand(id: string | undefined, options: ExplainOptions, io: Io): Promise<void> {
  const kata = await kataFor(options);
  const c = chalkFor(io);
  const { checks } = kata.manifest;
  if (id === undefined) {
    const width = Math.max(...checks.map((s) => s.id.length));
    io.out(`${c.bold(kata.manifest.title)} (${kata.manifest.id})\n`);
    for (const s of checks) {
      const tags = [s.required ? '' : 'bonus', s.full ? '--full' : ''].filter(Boolean);
      io.out(`  ${s.id.padEnd(width)}  Part ${s.part}  ${s.title}${tags.length ? c.gray(` (${tags.join(', ')})`) : ''}\n`);
    }
    io.out(`\n${c.cyan('kata explain <check>')} tells what a check proves.\n`);
    return;
  }
  const spec = findCheck(kata.manifest, id);
  const kind = [spec.required ? 'required' : 'bonus', spec.full ? 'runs with --full' : '', `time limit ${spec.timeoutMs / 1000} s`].filter(Boolean).join(', ');
  io.out(
    [
      `${c.bold(spec.id)} — ${spec.title}`,
      c.gray(`Part ${spec.part}, ${kind}`),
      '',
      `${c.bold('Proves:')} ${spec.proves}`,
      `${c.bold('While it fails:')} ${spec.symptom}`,
      `${c.bold('Why it matters:')} ${spec.explain}`,
      '',
    ].join('\n'),
  );
}
