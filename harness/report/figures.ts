/**
 * The report's drawings of check evidence: a loss curve, an attention heatmap, rows per decode step.
 * Each figure carries a text fallback (numbers, a sparkline) for Markdown without SVG.
 */
import type { CheckEvidence } from '../check';
import type { Block } from '../doc/model';
import { sparkline } from '../doc/sparkline';
import { barChart, heatmap, lineChart } from '../doc/svg';
import type { Manifest } from '../manifest';

const num = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : String(x));

export function evidenceFigures(manifest: Manifest, evidence: Record<string, CheckEvidence>): Block[] {
  const blocks: Block[] = [];
  const title = (id: string) => manifest.checks.find((c) => c.id === id)?.title ?? id;
  for (const [id, e] of Object.entries(evidence)) {
    if (e.lossCurve && e.lossCurve.length > 0) {
      const curve = e.lossCurve;
      const every = e.lossEvery ?? 1;
      blocks.push({
        kind: 'figure',
        svg: lineChart({
          title: `${id}: next-token loss on the memorised batch`,
          values: curve,
          xStep: every,
          xLabel: 'training step',
          yLabel: 'loss',
          ...(e.lossBaseline !== undefined ? { baseline: { value: e.lossBaseline, label: `ln V = ${num(e.lossBaseline)}` } } : {}),
        }),
        caption: `\`${id}\` (${title(id)}): the harness's own shifted loss, every ${every} step${every === 1 ? '' : 's'} of the candidate's trainStep. A healthy curve starts near ln V and falls to ~0.`,
        fallback: `loss ${num(curve[0])} → ${num(curve[curve.length - 1])} over ${(curve.length - 1) * every} steps  \`${sparkline(curve)}\``,
      });
    }
    if (e.attention && e.attention.length > 0) {
      const rows = e.attention;
      const future = rows.reduce((sum, row, q) => sum + row.slice(q + 1).reduce((a, w) => a + (Number.isFinite(w) ? w : 0), 0), 0);
      const nan = rows.flat().filter((w) => !Number.isFinite(w)).length;
      blocks.push({
        kind: 'figure',
        svg: heatmap({ title: `${id}: attention weights of one head`, matrix: rows, rowLabel: 'query position', colLabel: 'key position' }),
        caption: `\`${id}\` (${title(id)}): one head's attention on a probe sequence. A causal model is lower-triangular with a visible diagonal; weight above the diagonal reads the future; hatched cells are NaN.`,
        fallback: `${rows.length}×${rows[0]?.length ?? 0} map; total weight on future keys ${num(future)}${nan > 0 ? `; ${nan} NaN cells` : ''}`,
      });
    }
    if (e.rowsPerStep && e.rowsPerStep.length > 0) {
      blocks.push({
        kind: 'figure',
        svg: barChart({ title: `${id}: rows per forward call`, values: e.rowsPerStep, xLabel: 'forward call during generation', yLabel: 'rows' }),
        caption: `\`${id}\` (${title(id)}): token rows each model call processed while generating with the cache. Prefill, then one row per step.`,
        fallback: `rows per call: ${e.rowsPerStep.map(num).join(', ')}`,
      });
    }
  }
  return blocks;
}
