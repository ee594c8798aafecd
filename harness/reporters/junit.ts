/**
 * JUnit XML for CI systems: one <testsuite> per part, one <testcase> per check, with <failure>,
 * <error> or <skipped> children. Candidate text can hold anything (ANSI escapes, quotes, NUL), so
 * every value is escaped and characters XML 1.0 forbids are dropped.
 */
import type { CheckResult } from '../check';
import { summarize } from '../grade';
import type { Reporter } from './types';

export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const secondsOf = (ms: number) => (ms / 1000).toFixed(3);

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

function testcase(kata: string, r: CheckResult): string {
  const name = `${r.id}: ${r.title}${r.required ? '' : ' (bonus)'}`;
  const open = `    <testcase${attrs({ classname: `${kata}.part${r.part}`, name, time: secondsOf(r.durationMs) })}`;
  const body = escapeXml([r.message, ...r.details].join('\n'));
  switch (r.status) {
    case 'pass':
      return `${open}/>`;
    case 'skip':
      return `${open}>\n      <skipped${attrs({ message: r.message })}/>\n    </testcase>`;
    case 'fail':
      return `${open}>\n      <failure${attrs({ message: r.message, type: 'fail' })}>${body}</failure>\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error${attrs({ message: r.message, type: 'error' })}>${body}</error>\n    </testcase>`;
  }
}

function counts(results: CheckResult[]) {
  const s = summarize(results);
  const time = secondsOf(results.reduce((t, r) => t + r.durationMs, 0));
  return { tests: results.length, failures: s.failed, errors: s.errored, skipped: s.skipped, time };
}

export const junitReporter: Reporter = (report) => {
  const kata = report.kata.id;
  const parts = [...new Set(report.results.map((r) => r.part))].sort();
  // Type errors never fail a check; they ride along as the first suite's <system-out>.
  const typecheck = report.typecheck.map((d) => `${d.file}:${d.line}:${d.col} TS${d.code} ${d.message}`);
  if (report.typecheckIncomplete !== undefined) typecheck.push(`not finished: ${report.typecheckIncomplete}`);
  const systemOut = typecheck.length > 0 ? `\n    <system-out>${escapeXml(`type-check:\n${typecheck.join('\n')}`)}</system-out>` : '';
  const suites = parts.map((part, i) => {
    const results = report.results.filter((r) => r.part === part);
    const cases = results.map((r) => testcase(kata, r)).join('\n');
    return `  <testsuite${attrs({ name: `${kata} part ${part}`, ...counts(results) })}>\n${cases}${i === 0 ? systemOut : ''}\n  </testsuite>`;
  });
  const root = `<testsuites${attrs({ name: `kata ${kata}`, ...counts(report.results) })}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n${suites.join('\n')}\n</testsuites>\n`;
};
