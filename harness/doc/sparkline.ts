/** A one-line text chart of a series (▁ lowest, █ highest); non-finite values show as ·. */
const TICKS = '▁▂▃▄▅▆▇█';

export function sparkline(values: readonly number[]): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '·'.repeat(values.length);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return values.map((v) => (Number.isFinite(v) ? TICKS[hi === lo ? 0 : Math.round(((v - lo) / (hi - lo)) * (TICKS.length - 1))] : '·')).join('');
}
