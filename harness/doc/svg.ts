/**
 * Small, pure SVG drawings for the report: a line chart (the overfit loss curve), a heatmap (an
 * attention map) and a bar chart (rows per decode step). Same input, same string: tests call them
 * directly. Every label is escaped; non-finite values are drawn as gaps or hatched cells, never NaN
 * coordinates.
 */
import { escapeHtml } from './html';

const FONT = 'font-family="system-ui, sans-serif" font-size="11"';
const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
const coord = (x: number) => Number(x.toFixed(1));

export interface LineChartInput {
  title: string;
  values: number[];
  /** x of values[i] is i * xStep (e.g. evaluation every 10 training steps). */
  xStep?: number;
  xLabel: string;
  yLabel: string;
  /** A dashed horizontal reference line, e.g. ln V. */
  baseline?: { value: number; label: string };
  width?: number;
  height?: number;
}

function frame(width: number, height: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${body}</svg>`;
}

export function lineChart(input: LineChartInput): string {
  const { width = 560, height = 240, xStep = 1 } = input;
  const m = { left: 52, right: 16, top: 16, bottom: 40 };
  const finite = input.values.filter(Number.isFinite);
  if (finite.length === 0) return frame(width, height, input.title, `<text x="${width / 2}" y="${height / 2}" text-anchor="middle" ${FONT}>no finite values to draw</text>`);
  const top = Math.max(...finite, input.baseline?.value ?? -Infinity);
  const yMax = top > 0 ? top * 1.05 : 1;
  const yMin = Math.min(0, ...finite);
  const xMax = Math.max(1, (input.values.length - 1) * xStep);
  const px = (x: number) => coord(m.left + (x / xMax) * (width - m.left - m.right));
  const py = (y: number) => coord(height - m.bottom - ((y - yMin) / (yMax - yMin)) * (height - m.top - m.bottom));
  const parts: string[] = [];
  // Axes, with ticks at round numbers (1, 2 or 5 × a power of ten).
  parts.push(`<line x1="${m.left}" y1="${height - m.bottom}" x2="${width - m.right}" y2="${height - m.bottom}" stroke="#8c959f"/>`);
  parts.push(`<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${height - m.bottom}" stroke="#8c959f"/>`);
  for (const y of ticks(yMin, yMax, 5)) {
    parts.push(`<line x1="${m.left - 4}" y1="${py(y)}" x2="${m.left}" y2="${py(y)}" stroke="#8c959f"/><text x="${m.left - 6}" y="${py(y) + 4}" text-anchor="end" ${FONT}>${label(y)}</text>`);
  }
  for (const x of ticks(0, xMax, 6)) parts.push(`<text x="${px(x)}" y="${height - m.bottom + 14}" text-anchor="middle" ${FONT}>${label(x)}</text>`);
  parts.push(`<text x="${coord((m.left + width - m.right) / 2)}" y="${height - 6}" text-anchor="middle" ${FONT}>${escapeHtml(input.xLabel)}</text>`);
  parts.push(`<text transform="translate(12 ${coord((m.top + height - m.bottom) / 2)}) rotate(-90)" text-anchor="middle" ${FONT}>${escapeHtml(input.yLabel)}</text>`);
  if (input.baseline && Number.isFinite(input.baseline.value)) {
    const y = py(input.baseline.value);
    parts.push(`<line class="baseline" x1="${m.left}" y1="${y}" x2="${width - m.right}" y2="${y}" stroke="#bf8700" stroke-dasharray="5 4"/>`);
    parts.push(`<text x="${width - m.right - 4}" y="${y - 4}" text-anchor="end" fill="#9a6700" ${FONT}>${escapeHtml(input.baseline.label)}</text>`);
  }
  // The curve, broken where a value is not finite (a NaN loss).
  for (const r of splitRuns(input.values, (v, i) => `${px(i * xStep)},${py(v)}`)) {
    parts.push(`<polyline class="series" fill="none" stroke="#0969da" stroke-width="2" points="${r.join(' ')}"/>`);
  }
  input.values.forEach((v, i) => {
    if (Number.isFinite(v)) parts.push(`<circle cx="${px(i * xStep)}" cy="${py(v)}" r="2.5" fill="#0969da"><title>${i * xStep}: ${fmt(v)}</title></circle>`);
  });
  return frame(width, height, input.title, parts.join(''));
}

/** Round values from `lo` to `hi`, at most about `count` of them. */
export function ticks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * power).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

const label = (x: number) => String(Number(x.toPrecision(3)));

/** Consecutive finite values as point lists; a non-finite value ends a run. */
function splitRuns(values: number[], point: (v: number, i: number) => string): string[][] {
  const runs: string[][] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (Number.isFinite(v)) current.push(point(v, i));
    else if (current.length > 0) {
      runs.push(current);
      current = [];
    }
  });
  if (current.length > 0) runs.push(current);
  return runs;
}

export interface HeatmapInput {
  title: string;
  /** matrix[row][col], values in [0, 1] (attention weights); others are clamped. */
  matrix: number[][];
  rowLabel: string;
  colLabel: string;
  cell?: number;
}

export function heatmap(input: HeatmapInput): string {
  const cell = input.cell ?? 28;
  const rows = input.matrix.length;
  const cols = Math.max(0, ...input.matrix.map((r) => r.length));
  const m = { left: 44, top: 34, right: 70, bottom: 12 };
  const width = m.left + cols * cell + m.right;
  const height = m.top + rows * cell + m.bottom;
  const parts: string[] = [
    `<defs><pattern id="nan" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#fff"/><path d="M0 6L6 0" stroke="#cf222e"/></pattern></defs>`,
  ];
  input.matrix.forEach((row, r) =>
    row.forEach((v, c) => {
      const x = m.left + c * cell;
      const y = m.top + r * cell;
      const fill = Number.isFinite(v) ? shade(v) : 'url(#nan)';
      parts.push(`<rect class="cell" x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="#d0d7de" stroke-width="0.5"><title>query ${r}, key ${c}: ${Number.isFinite(v) ? v.toFixed(3) : String(v)}</title></rect>`);
    }),
  );
  for (let c = 0; c < cols; c++) parts.push(`<text x="${m.left + c * cell + cell / 2}" y="${m.top - 6}" text-anchor="middle" ${FONT}>${c}</text>`);
  for (let r = 0; r < rows; r++) parts.push(`<text x="${m.left - 6}" y="${m.top + r * cell + cell / 2 + 4}" text-anchor="end" ${FONT}>${r}</text>`);
  parts.push(`<text x="${m.left + (cols * cell) / 2}" y="12" text-anchor="middle" ${FONT}>${escapeHtml(input.colLabel)}</text>`);
  parts.push(`<text transform="translate(12 ${m.top + (rows * cell) / 2}) rotate(-90)" text-anchor="middle" ${FONT}>${escapeHtml(input.rowLabel)}</text>`);
  // Legend: 0 → 1.
  const lx = m.left + cols * cell + 18;
  for (let i = 0; i < 10; i++) parts.push(`<rect x="${lx}" y="${m.top + i * 10}" width="14" height="10" fill="${shade(1 - i / 9)}"/>`);
  parts.push(`<text x="${lx + 18}" y="${m.top + 9}" ${FONT}>1</text><text x="${lx + 18}" y="${m.top + 99}" ${FONT}>0</text>`);
  return frame(width, height, input.title, parts.join(''));
}

/** White (0) to deep blue (1). */
function shade(v: number): string {
  const t = Math.min(1, Math.max(0, v));
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(255, 9)},${mix(255, 64)},${mix(255, 160)})`;
}

export interface BarChartInput {
  title: string;
  values: number[];
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
}

export function barChart(input: BarChartInput): string {
  const { width = 560, height = 200 } = input;
  const m = { left: 52, right: 16, top: 16, bottom: 40 };
  const finite = input.values.map((v) => (Number.isFinite(v) ? v : 0));
  const yMax = Math.max(1, ...finite);
  const slot = (width - m.left - m.right) / Math.max(1, finite.length);
  const plotH = height - m.top - m.bottom;
  const parts = [`<line x1="${m.left}" y1="${height - m.bottom}" x2="${width - m.right}" y2="${height - m.bottom}" stroke="#8c959f"/>`];
  finite.forEach((v, i) => {
    const h = coord((v / yMax) * plotH);
    const x = coord(m.left + i * slot + slot * 0.15);
    parts.push(`<rect class="bar" x="${x}" y="${coord(height - m.bottom - h)}" width="${coord(slot * 0.7)}" height="${h}" fill="#1a7f37"><title>${i}: ${fmt(v)}</title></rect>`);
    parts.push(`<text x="${coord(m.left + i * slot + slot / 2)}" y="${height - m.bottom + 14}" text-anchor="middle" ${FONT}>${i + 1}</text>`);
  });
  parts.push(`<text x="${m.left - 6}" y="${m.top + 4}" text-anchor="end" ${FONT}>${fmt(yMax)}</text><text x="${m.left - 6}" y="${height - m.bottom}" text-anchor="end" ${FONT}>0</text>`);
  parts.push(`<text x="${coord((m.left + width - m.right) / 2)}" y="${height - 6}" text-anchor="middle" ${FONT}>${escapeHtml(input.xLabel)}</text>`);
  parts.push(`<text transform="translate(12 ${coord((m.top + height - m.bottom) / 2)}) rotate(-90)" text-anchor="middle" ${FONT}>${escapeHtml(input.yLabel)}</text>`);
  return frame(width, height, input.title, parts.join(''));
}
