// Runtime: Node, run by `npm run bench` through tsx.
import type { Scenario } from './bench-results';
import type { RowSummary } from './report';

/** PASS and FAIL judge Fetchpoint; SKIP means the rows needed were not measured. */
export type TargetStatus = 'PASS' | 'FAIL' | 'SKIP';

/** One target from the benchmark issue, judged against this run. */
export interface TargetCheck {
  status: TargetStatus;
  description: string;
  detail: string;
}

/** The CLI's peak RSS budget, in MiB. */
export const peakRssLimitMiB = 150;

interface Metric {
  name: string;
  unit: string;
  pick(row: RowSummary): number | null;
}

const throughput: Metric = { name: 'throughput', unit: 'MiB/s', pick: (row) => row.mebibytesPerSecond };
const cpuPerGiB: Metric = { name: 'CPU', unit: 'CPU s/GiB', pick: (row) => row.cpuSecondsPerGiB };

/**
 * Judges the targets: unthrottled 1 connection >= 0.9x curl; throttled 16 connections
 * >= 0.95x aria2c -x16; CPU s/GiB <= 1.5x aria2c's with the same connection count; peak RSS <= 150 MiB.
 */
export function evaluateTargets(
  scenarios: readonly Scenario[],
  rowsByScenario: ReadonlyMap<string, readonly RowSummary[]>,
): TargetCheck[] {
  const rowOf = (scenario: Scenario, toolId: string): RowSummary | undefined =>
    rowsByScenario.get(scenario.id)?.find((row) => row.tool.id === toolId);
  const checks: TargetCheck[] = [];
  for (const scenario of scenarios.filter((candidate) => !candidate.isThrottled)) {
    checks.push(
      compareRows(
        `${scenario.label}: Fetchpoint 1 conn throughput >= 0.90× curl`,
        rowOf(scenario, 'fetchpoint-1'),
        rowOf(scenario, 'curl'),
        throughput,
        'atLeast',
        0.9,
      ),
    );
  }
  for (const scenario of scenarios.filter((candidate) => candidate.isThrottled)) {
    checks.push(
      compareRows(
        `${scenario.label}: Fetchpoint 16 conn throughput >= 0.95× aria2c -x16`,
        rowOf(scenario, 'fetchpoint-16'),
        rowOf(scenario, 'aria2c-x16'),
        throughput,
        'atLeast',
        0.95,
      ),
    );
  }
  for (const scenario of scenarios) {
    for (const connections of [1, 16]) {
      checks.push(
        compareRows(
          `${scenario.label}: Fetchpoint ${connections} conn CPU s/GiB <= 1.50× aria2c -x${connections}`,
          rowOf(scenario, `fetchpoint-${connections}`),
          rowOf(scenario, `aria2c-x${connections}`),
          cpuPerGiB,
          'atMost',
          1.5,
        ),
      );
    }
  }
  for (const connections of [1, 16]) {
    const rows = scenarios.flatMap((scenario) => rowOf(scenario, `fetchpoint-${connections}`) ?? []);
    checks.push(checkPeakRss(`Fetchpoint ${connections} conn peak RSS <= ${peakRssLimitMiB} MiB (all scenarios)`, rows));
  }
  return checks;
}

function compareRows(
  description: string,
  subject: RowSummary | undefined,
  reference: RowSummary | undefined,
  metric: Metric,
  relation: 'atLeast' | 'atMost',
  factor: number,
): TargetCheck {
  const skipReason = findSkipReason(subject, reference);
  if (skipReason !== null || subject === undefined || reference === undefined) {
    return { status: 'SKIP', description, detail: skipReason ?? 'rows missing' };
  }
  const failedRuns = [...subject.failures, ...reference.failures];
  if (failedRuns.length > 0) return { status: 'FAIL', description, detail: `${failedRuns.length} failed run(s), see the table` };
  const subjectValue = metric.pick(subject);
  const referenceValue = metric.pick(reference);
  if (subjectValue === null || referenceValue === null || referenceValue === 0) {
    return { status: 'FAIL', description, detail: `no usable ${metric.name} figures` };
  }
  const ratio = subjectValue / referenceValue;
  const isMet = relation === 'atLeast' ? ratio >= factor : ratio <= factor;
  const comparison = `${subject.tool.label} ${subjectValue.toFixed(2)} vs ${reference.tool.label} ${referenceValue.toFixed(2)}`;
  const need = `${relation === 'atLeast' ? '>=' : '<='} ${factor.toFixed(2)}×`;
  const detail = `${comparison} ${metric.unit} = ${ratio.toFixed(2)}× (needs ${need})`;
  return { status: isMet ? 'PASS' : 'FAIL', description, detail };
}

function findSkipReason(subject: RowSummary | undefined, reference: RowSummary | undefined): string | null {
  if (subject === undefined) return 'Fetchpoint row not run (filtered out)';
  if (subject.tool.unavailableReason !== null) return `Fetchpoint not measured: ${subject.tool.unavailableReason}`;
  if (reference === undefined) return 'reference row not run (filtered out)';
  return null;
}

function checkPeakRss(description: string, rows: readonly RowSummary[]): TargetCheck {
  const first = rows[0];
  if (first === undefined) return { status: 'SKIP', description, detail: 'Fetchpoint row not run (filtered out)' };
  if (first.tool.unavailableReason !== null) {
    return { status: 'SKIP', description, detail: `Fetchpoint not measured: ${first.tool.unavailableReason}` };
  }
  const failures = rows.flatMap((row) => row.failures);
  if (failures.length > 0) return { status: 'FAIL', description, detail: `${failures.length} failed run(s), see the table` };
  const peaks = rows.map((row) => row.peakRssMiB);
  if (peaks.some((peak) => peak === null)) return { status: 'FAIL', description, detail: 'no RSS figures' };
  const peakMiB = Math.max(...peaks.map((peak) => peak ?? 0));
  return { status: peakMiB <= peakRssLimitMiB ? 'PASS' : 'FAIL', description, detail: `peak ${peakMiB.toFixed(1)} MiB` };
}
