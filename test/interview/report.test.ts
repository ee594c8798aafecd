/** The session report: what the log says, drawn and written as Markdown and HTML. */
import { describe, expect, it } from 'vitest';
import { toHtml } from '../../harness/doc/html';
import { toMarkdown } from '../../harness/doc/markdown';
import { barChart, heatmap, lineChart, ticks } from '../../harness/doc/svg';
import { REPORT_SECTIONS, buildReport } from '../../harness/report/report-doc';
import { formatDuration, formatOffset, summarizeSession } from '../../harness/report/session';
import { readLog } from '../../harness/session-log';
import { diffWorkspace } from '../../harness/workspace';
import { readState } from '../../harness/workspace-state';
import { tempDir } from '../harness/helpers';
import { ATTENTION, LOSS_CURVE, gptKv, scriptedSession } from './helpers';

function session() {
  const started = scriptedSession(tempDir());
  const state = readState(started.dir)!;
  const log = readLog(started.dir);
  const input = { kata: gptKv, dir: started.dir, state, log, diffs: diffWorkspace(gptKv, started.dir), now: new Date(Date.parse(state.startedAt) + 3_600_000) };
  return { started, state, log, input, doc: buildReport(input) };
}

describe('session summary', () => {
  const { state, log } = session();
  const summary = summarizeSession(gptKv.manifest, state, log.records);
  const minutes = (iso: string | undefined) => (iso === undefined ? undefined : (Date.parse(iso) - Date.parse(state.startedAt)) / 60_000);

  it('records when each check first passed, regressions, and the end of each part', () => {
    expect(minutes(summary.firstPass['loss-shift'])).toBe(6);
    expect(minutes(summary.firstPass['causal-mask'])).toBe(12);
    expect(minutes(summary.firstPass.overfit)).toBe(20);
    expect(minutes(summary.firstPass['greedy-equal'])).toBe(42);
    const kinds = summary.events.map((e) => `${e.offsetMs / 60_000} ${e.kind}`);
    expect(kinds).toContain('14 regressed');
    expect(kinds).toContain('20 passes-again');
    expect(kinds).toContain('20 part-done');
    expect(kinds).toContain('42 part-done');
    const offsets = summary.events.map((e) => e.offsetMs);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b)); // chronological
  });

  it('times each part (Part 2 from the end of Part 1) and counts hints per check and per part', () => {
    expect(summary.parts.map((p) => [p.part, p.durationMs / 60_000, p.hints])).toEqual([
      [1, 20, 3],
      [2, 22, 0],
    ]);
    expect(summary.hints).toEqual([
      { check: 'loss-shift', rungs: 1, of: 3, requests: 1, refused: 0 },
      { check: 'causal-mask', rungs: 2, of: 3, requests: 3, refused: 1 },
    ]);
    expect(summary.runs).toBe(7);
    expect(summary.resets).toBe(1);
    expect(summary.latest.overfit).toBe('pass');
    expect(summary.evidence.overfit.lossCurve).toHaveLength(LOSS_CURVE.length);
  });

  it('formats offsets and durations', () => {
    expect(formatOffset(0)).toBe('+0:00');
    expect(formatOffset(754_000)).toBe('+12:34');
    expect(formatOffset(3_723_000)).toBe('+1:02:03');
    expect(formatDuration(8_000)).toBe('8 s');
    expect(formatDuration(725_000)).toBe('12 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });
});

describe('session report', () => {
  const { doc, input } = session();
  const md = toMarkdown(doc);
  const html = toHtml(doc);

  it('has every section, in Markdown and in HTML', () => {
    expect(doc.sections.map((s) => s.id)).toEqual([...REPORT_SECTIONS]);
    for (const s of doc.sections) {
      expect(md).toContain(`## ${s.title}`);
      expect(html).toContain(`<section id="${s.id}"><h2>${s.title}</h2>`);
    }
  });

  it('draws the loss curve, the attention heatmap and the rows per step as inline SVG', () => {
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain('<polyline class="series"');
    expect(html.match(/<polyline class="series"/g)).toHaveLength(2); // the NaN splits the curve in two
    expect(html.match(/<rect class="cell"/g)).toHaveLength(64);
    expect(html.match(/<rect class="bar"/g)).toHaveLength(4);
    expect(html).toContain('ln V = 3.3');
    expect(md).toContain('<svg '); // --md FILE embeds the drawings too
    expect(toMarkdown(doc, { svg: false })).not.toContain('<svg'); // stdout: text instead
    expect(toMarkdown(doc, { svg: false })).toMatch(/loss 3\.3 → 0\.00\d+ over 150 steps {2}`█/);
  });

  it('lists the timeline in order with times since the start, and the hints used', () => {
    const timeline = md.slice(md.indexOf('## Timeline'), md.indexOf('## Time per part'));
    const order = ['+0:00 | started (interview, hints capped at rung 2)', '+3:00 | hint for `loss-shift`', '+6:00 | `loss-shift` passes for the first time', '+10:00 | hint for `causal-mask` refused by the cap', '+14:00 | `loss-shift` regressed: fail', '+20:00 | Part 1 done', '+22:00 | reset kvcache.ts', '+42:00 | Part 2 done'];
    let at = -1;
    for (const fragment of order) {
      const next = timeline.indexOf(fragment);
      expect(next, fragment).toBeGreaterThan(at);
      at = next;
    }
    expect(md).toContain('| Part 1 | +0:00 | +20:00 | 20 min 00 s | 3 |');
    expect(md).toContain('| Part 2 | +20:00 | +42:00 | 22 min 00 s | 0 |');
    expect(md).toContain('4 hint requests (1 refused by the cap)');
    expect(md).toContain('| `causal-mask` | 2 of 3 | 3 | 1 |');
  });

  it('shows the final diff against the starter, escaped in HTML', () => {
    expect(input.diffs.map((d) => d.file)).toEqual(['train.ts']);
    expect(md).toContain('+// checked the shift by hand: logits[:, t] scores tokens[:, t+1]');
    expect(html).toContain('<span class="add">+// checked the shift by hand');
  });

  it('ends with the rubric as a checklist naming the seeded variants (an interview) and what the log shows', () => {
    const rubric = md.slice(md.indexOf('## Rubric'));
    expect(rubric).toContain('- [ ] Identifies and explains the label shift in the LM loss: shift in the wrong direction (train.ts, lmLoss)');
    expect(rubric).toContain('Log: `loss-shift` first passed at +6:00.');
    expect(rubric).toContain('- [ ] Complexity argument');
    expect(html.match(/<input type="checkbox"/g)!.length).toBe(gptKv.manifest.bugs.length + gptKv.interview!.rubric.length);
  });

  it('names only bug categories in a practice workspace, which a candidate may read', () => {
    const practice = toMarkdown(buildReport({ ...input, state: { ...input.state, mode: undefined } }));
    expect(practice).toContain('Identifies and explains the label shift in the LM loss bug');
    expect(practice).not.toContain('shift in the wrong direction');
  });

  it('says so when there is no evidence, no diff and no hint', () => {
    const empty = toMarkdown(buildReport({ ...input, log: { records: [], skipped: 2 }, diffs: [] }));
    expect(empty).toContain('No evidence recorded');
    expect(empty).toContain('No changes from the starter.');
    expect(empty).toContain('No hints were requested.');
    expect(empty).toContain('2 unreadable line(s) of the session log were skipped');
  });
});

describe('svg drawings', () => {
  it('put axis ticks at round numbers', () => {
    expect(ticks(0, 80, 6)).toEqual([0, 20, 40, 60, 80]);
    expect(ticks(0, 3.46, 5)).toEqual([0, 1, 2, 3]);
    expect(ticks(0, 1, 6)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(2, 2, 5)).toEqual([2]);
  });

  it('are pure, escape their labels and never emit NaN coordinates', () => {
    const chart = { title: 'a <b> & "c"', values: [3, NaN, 1, Infinity, 0.5], xLabel: '<x>', yLabel: 'y', baseline: { value: 2, label: 'ln V' } };
    expect(lineChart(chart)).toBe(lineChart(chart));
    expect(lineChart(chart)).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
    expect(lineChart(chart)).not.toContain('NaN');
    expect(lineChart({ ...chart, values: [NaN] })).toContain('no finite values');
    const map = heatmap({ title: 'm', matrix: [[1, NaN], [0.5, 0.5]], rowLabel: 'q', colLabel: 'k' });
    expect(map).toContain('fill="url(#nan)"');
    expect(map).toContain('fill="rgb(9,64,160)"'); // weight 1 is the darkest
    expect(heatmap({ title: 'm', matrix: ATTENTION, rowLabel: 'q', colLabel: 'k' }).match(/class="cell"/g)).toHaveLength(64);
    expect(barChart({ title: 'b', values: [3, 1, NaN], xLabel: 'x', yLabel: 'y' })).not.toContain('NaN"');
  });
});
