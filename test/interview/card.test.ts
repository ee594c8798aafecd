/** The interviewer card: complete for every variant of every seeded bug, in Markdown and HTML. */
import { describe, expect, it } from 'vitest';
import { inline, toHtml } from '../../harness/doc/html';
import { toMarkdown } from '../../harness/doc/markdown';
import { buildCard, type CardSession } from '../../harness/interview/card';
import { rubricFor } from '../../harness/interview/rubric';
import { bugSites } from '../../harness/interview/sites';
import { defaultChoice, renderStarter } from '../../harness/variants';
import { kata as tiny } from '../fixtures/katas/tiny';
import { gptKv } from './helpers';

const session = (variant: Record<string, string>, maxHint?: number): CardSession => ({
  dir: '/tmp/ws',
  seed: 7,
  variant,
  startedAt: '2025-01-01T12:00:00.000Z',
  ...(maxHint !== undefined ? { maxHint } : {}),
});

const cases = gptKv.manifest.bugs.flatMap((category) => category.variants.map((variant) => ({ category, variant })));

describe('interviewer card', () => {
  const material = gptKv.interview!;

  it.each(cases.map((c) => [`${c.category.id}/${c.variant.id}`, c] as const))('names %s with its site, what, why, symptom and check', (_name, { category, variant }) => {
    const choice = { ...defaultChoice(gptKv.manifest), [category.id]: variant.id };
    const doc = buildCard(gptKv, session(choice));
    const md = toMarkdown(doc);
    const html = toHtml(doc);
    for (const text of [variant.title, variant.what, variant.why, variant.symptom, variant.where, `${category.id}/${variant.id}`]) {
      expect(md).toContain(text);
      expect(html).toContain(inline(text));
    }
    expect(md).toContain(`**Caught by:** \`${category.check}\``);

    // The site is the candidate's line: the seeded (−) lines of the hunk are the starter's lines there.
    const sites = bugSites(gptKv, choice, category.id);
    expect(sites.length).toBeGreaterThan(0);
    const starter = renderStarter(gptKv, choice);
    for (const site of sites) {
      expect(md).toContain(`\`${site.file}:${site.line}\``);
      expect(md).toContain(site.patch);
      const lines = starter[site.file].split('\n');
      const fixedFile = renderStarter(gptKv, choice, category.id)[site.file];
      const seeded = site.patch.split('\n').filter((l) => l.startsWith('-')).map((l) => l.slice(1));
      const fixed = site.patch.split('\n').filter((l) => l.startsWith('+')).map((l) => l.slice(1));
      if (seeded.length > 0) expect(lines[site.line - 1]).toBe(seeded[0]);
      else expect(fixedFile.split('\n')[site.line - 1]).toBe(fixed[0]); // a pure insertion: the fix goes in at the site's line
      for (const l of fixed) expect(fixedFile).toContain(l);
    }
  });

  it('has the method, the rubric for both parts, every hint rung and every follow-up with its model answer', () => {
    const doc = buildCard(gptKv, session(defaultChoice(gptKv.manifest)));
    const md = toMarkdown(doc);
    expect(doc.sections.map((s) => s.id)).toEqual(['session', 'bugs', 'method', 'rubric', 'hints', 'follow-ups']);
    for (const m of material.method) expect(md).toContain(m.step);
    for (const r of material.rubric) {
      expect(md).toContain(`- [ ] ${r.item}`);
      expect(md).toContain(r.lookFor);
    }
    expect(new Set(material.rubric.map((r) => r.part))).toEqual(new Set([1, 2]));
    for (const c of gptKv.manifest.checks) for (const h of c.hints) expect(md).toContain(h);
    for (const f of material.followUps) {
      expect(md).toContain(f.question);
      for (const a of f.answer) expect(md).toContain(a);
    }
  });

  it('covers the follow-ups and rubric items the issue asks for, with the right formulas', () => {
    const md = toMarkdown(buildCard(gptKv, session(defaultChoice(gptKv.manifest))));
    for (const id of ['time-and-memory', 'cache-bytes', 'ragged-batch', 'rope', 'mqa-gqa', 'localise-divergence']) expect(material.followUps.map((f) => f.id)).toContain(id);
    for (const id of ['layer-cache', 'masking', 'position-offset', 'equivalence-test', 'complexity']) expect(material.rubric.map((r) => r.id)).toContain(id);
    expect(md).toContain('2 (keys and values) · L · B · H · T · D · bytes_per_element');
    expect(md).toContain('Σ_{i<N}(P+i)');
    expect(md).toMatch(/Left-pad/);
    expect(md).toMatch(/Cache keys after rotation/);
    expect(md).toMatch(/shrinks by H\/H_kv/);
    expect(md).toMatch(/overfit one tiny batch/i);
    expect(md).toMatch(/Print shapes/);
    expect(md).toMatch(/Bisect/);
  });

  it('numbers checks the rubric names that exist, and puts bug items first in Part 1', () => {
    const rubric = rubricFor(gptKv, defaultChoice(gptKv.manifest));
    expect(rubric.slice(0, gptKv.manifest.bugs.length).map((r) => r.checks[0])).toEqual(gptKv.manifest.bugs.map((b) => b.check));
    const parts = rubric.map((r) => r.part);
    expect(parts).toEqual([...parts].sort());
  });

  it('marks the rungs held back by the hint cap', () => {
    const md = toMarkdown(buildCard(gptKv, session(defaultChoice(gptKv.manifest), 1)));
    expect(md).toContain('rung 1 of each ladder; `kata solution` refused');
    const ladder = gptKv.manifest.checks[0].hints;
    expect(md).toContain(`1. ${ladder[0]}\n`);
    expect(md).toContain(`2. ${ladder[1]} (**held back by the cap**)`);
  });

  it('works for a kata without interviewer material, and says what is missing', () => {
    const md = toMarkdown(buildCard(tiny, session(defaultChoice(tiny.manifest))));
    expect(md).toContain('a - b'); // the seeded variant's "what"
    expect(md).toContain('has no interviewer material');
  });

  it('escapes everything in HTML, and needs nothing from the network', () => {
    const html = toHtml(buildCard(gptKv, session(defaultChoice(gptKv.manifest))));
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(http/i);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(html).toContain('@media print');
    expect(html).toContain('(B, nh, T, hs)'); // plain text survives
    expect(html).not.toContain('<B'); // no unescaped angle brackets from the content
  });
});
