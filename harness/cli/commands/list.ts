import { katas } from '../../katas';
import { chalkFor, type Io } from '../terminal';

/** `kata list`: the katas you can start. */
export function listCommand(io: Io): void {
  const c = chalkFor(io);
  for (const [id, kata] of Object.entries(katas)) {
    const { checks, files } = kata.manifest;
    io.out(`${c.bold(id)}  ${kata.manifest.title}\n  ${kata.manifest.summary}\n  ${c.gray(`${checks.length} checks, files: ${files.map((f) => f.path).join(', ')}`)}\n`);
  }
  io.out(`\nStart one with ${c.cyan('kata start <kata>')}.\n`);
}
