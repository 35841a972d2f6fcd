// Runtime: Node, run by `npm run bench` through tsx.
import { toolsForScenario, type BenchTool } from './bench-tools';
import type { RunRecord, Scenario } from './bench-results';
import type { MachineInfo } from './machine-info';
import type { TargetCheck } from './target-checks';

/** The figures of one tool in one scenario, from its successful runs. */
export interface RowSummary {
  tool: BenchTool;
  scenario: Scenario;
  runsTotal: number;
  runsOk: number;
  /** One sentence per failed run. */
  failures: string[];
  medianWallSeconds: number | null;
  /** Fastest and slowest successful run: on a noisy machine the spread says more than the median alone. */
  minWallSeconds: number | null;
  maxWallSeconds: number | null;
  /** File size in MiB divided by the median wall time. */
  mebibytesPerSecond: number | null;
  /** Median of user + system CPU seconds. */
  medianCpuSeconds: number | null;
  cpuSecondsPerGiB: number | null;
  /** Largest `%M` over the successful runs, in MiB. */
  peakRssMiB: number | null;
  /** Throughput divided by aria2c's with the same connection count (-x1 for 1, -x16 for 16). */
  ratioToAria2c: number | null;
  ratioToCurl: number | null;
}

const mebibyte = 1024 * 1024;
const gibibyte = 1024 * mebibyte;

/** Summarises every tool's runs in one scenario; ratios need the aria2c and curl rows of the same scenario. */
export function summariseScenario(
  scenario: Scenario,
  tools: readonly BenchTool[],
  records: readonly RunRecord[],
): RowSummary[] {
  const rows = toolsForScenario(tools, scenario.isThrottled).map((tool) => summariseRow(scenario, tool, records));
  const throughputOf = (toolId: string): number | null =>
    rows.find((row) => row.tool.id === toolId)?.mebibytesPerSecond ?? null;
  return rows.map((row) => ({
    ...row,
    ratioToAria2c: divide(row.mebibytesPerSecond, throughputOf(`aria2c-x${row.tool.connections}`)),
    ratioToCurl: divide(row.mebibytesPerSecond, throughputOf('curl')),
  }));
}

function summariseRow(scenario: Scenario, tool: BenchTool, records: readonly RunRecord[]): RowSummary {
  const runs = records.filter((record) => record.scenarioId === scenario.id && record.toolId === tool.id);
  const okFigures = runs.flatMap((run) =>
    run.verdict === 'ok' && run.measured !== null && run.measured.gnuTime !== null
      ? [{ wallSeconds: run.measured.wallSeconds, gnuTime: run.measured.gnuTime }]
      : [],
  );
  const failures = runs
    .filter((run) => run.verdict !== 'ok')
    .map((run) => `${tool.label}, run ${run.runNumber}: ${run.verdict} — ${run.detail}`);
  const wallSeconds = okFigures.map((figures) => figures.wallSeconds);
  const medianWallSeconds = median(wallSeconds);
  const medianCpuSeconds = median(okFigures.map((figures) => figures.gnuTime.userSeconds + figures.gnuTime.sysSeconds));
  const peakRssKiB = okFigures.length > 0 ? Math.max(...okFigures.map((figures) => figures.gnuTime.maxRssKiB)) : null;
  return {
    tool,
    scenario,
    runsTotal: runs.length,
    runsOk: okFigures.length,
    failures,
    medianWallSeconds,
    minWallSeconds: wallSeconds.length > 0 ? Math.min(...wallSeconds) : null,
    maxWallSeconds: wallSeconds.length > 0 ? Math.max(...wallSeconds) : null,
    mebibytesPerSecond: divide(scenario.file.sizeBytes / mebibyte, medianWallSeconds),
    medianCpuSeconds,
    cpuSecondsPerGiB: divide(medianCpuSeconds, scenario.file.sizeBytes / gibibyte),
    peakRssMiB: peakRssKiB === null ? null : peakRssKiB / 1024,
    ratioToAria2c: null,
    ratioToCurl: null,
  };
}

/** Renders one scenario as an aligned Markdown table followed by its failures, loudly. */
export function renderScenarioTable(rows: readonly RowSummary[]): string {
  const header = [
    'Tool',
    'Conns',
    'OK runs',
    'Median wall s',
    'Wall s, min–max',
    'MiB/s',
    'CPU s (usr+sys)',
    'CPU s/GiB',
    'Peak RSS MiB',
    '× aria2c (same conns)',
    '× curl',
  ];
  const isRightAligned = [false, true, true, true, true, true, true, true, true, true, true];
  const body = rows.map((row) => [
    row.tool.label,
    String(row.tool.connections),
    describeRunCount(row),
    formatNumber(row.medianWallSeconds, 2),
    formatRange(row.minWallSeconds, row.maxWallSeconds, 2),
    formatNumber(row.mebibytesPerSecond, 1),
    formatNumber(row.medianCpuSeconds, 2),
    formatNumber(row.cpuSecondsPerGiB, 2),
    formatNumber(row.peakRssMiB, 1),
    formatRatio(row.ratioToAria2c),
    formatRatio(row.ratioToCurl),
  ]);
  const notes = rows.flatMap((row) => [
    ...(row.tool.unavailableReason === null ? [] : [`- ${row.tool.label}: not measured (${row.tool.unavailableReason}).`]),
    ...row.failures.map((failure) => `- **FAIL** ${failure}`),
  ]);
  return [renderMarkdownTable(header, body, isRightAligned), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

function describeRunCount(row: RowSummary): string {
  if (row.tool.unavailableReason !== null) return 'n/a';
  const count = `${row.runsOk}/${row.runsTotal}`;
  return row.failures.length > 0 ? `**FAIL ${count}**` : count;
}

/** Everything docs/benchmarks.md is made of. */
export interface MarkdownReportInput {
  date: Date;
  machine: MachineInfo;
  runsPerTool: number;
  scenarios: readonly Scenario[];
  rowsByScenario: ReadonlyMap<string, readonly RowSummary[]>;
  targetChecks: readonly TargetCheck[];
  /** Tool label to the exact command of its first run. */
  commandsByTool: ReadonlyMap<string, string>;
  nginxConfig: string;
  /** Options that differ from the full default run, e.g. `BENCH_SIZES=256M`; empty for a full run. */
  configurationNotes: readonly string[];
}

/** Renders the whole report that `npm run bench` writes to docs/benchmarks.md. */
export function renderMarkdownReport(input: MarkdownReportInput): string {
  const { machine } = input;
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run-bench.ts); run it again to refresh this page.',
    'Every figure below comes from the run described here.',
    '',
    `- Date: ${input.date.toISOString()}`,
    `- Runs per tool and scenario: ${input.runsPerTool} (figures are medians; peak RSS is the maximum)`,
    `- Scenarios: ${input.scenarios.map((scenario) => scenario.label).join('; ')}`,
    ...(input.configurationNotes.length > 0
      ? [`- Not the full default run: ${input.configurationNotes.join(', ')}`]
      : ['- Full default run']),
    '',
    '## Machine',
    '',
    `- CPU: ${machine.cpuModel}, ${machine.logicalCores} logical cores`,
    `- RAM: ${machine.memoryGiB.toFixed(1)} GiB`,
    `- Kernel: ${machine.kernel} (${machine.operatingSystem})`,
    ...Object.entries(machine.toolVersions).map(([tool, version]) => `- ${tool}: ${version}`),
    '',
    '## Results',
    '',
    ...input.scenarios.flatMap((scenario) => [
      `### ${scenario.label}`,
      '',
      renderScenarioTable(input.rowsByScenario.get(scenario.id) ?? []),
      '',
    ]),
    '## Target checks',
    '',
    ...input.targetChecks.map((check) => `- ${check.status}: ${check.description} — ${check.detail}`),
    '',
    '## Method',
    '',
    ...methodNotes.map((note) => `- ${note}`),
    '',
    '## Exact commands',
    '',
    'Each tool\'s first run, as executed (output and state directories are fresh for every run):',
    '',
    '```sh',
    ...[...input.commandsByTool.values()],
    '```',
    '',
    'nginx.conf (port and paths are chosen per run):',
    '',
    '```nginx',
    input.nginxConfig.trimEnd(),
    '```',
    '',
  ];
  return lines.join('\n');
}

const methodNotes: readonly string[] = [
  'Units are binary: MiB/s is 1,048,576 bytes per second; RSS is in MiB; "per GiB" divides by the file size in GiB.',
  'Server: a private nginx on 127.0.0.1 with one worker, sendfile and keepalive. `/fast/` is unthrottled; `/slow/` has `limit_rate 8m`, which nginx reads as 8 MiB/s per connection, so 16 connections can reach 128 MiB/s.',
  'Throttled runs use only the 256 MiB file by default: one connection at 8 MiB/s takes 128 s for 1 GiB, per run and per tool (`BENCH_THROTTLED_SIZES=256M,1G` adds it).',
  'Files are an AES-256-CTR keystream (incompressible), generated once into the cache directory and reused while their recorded sha256 still matches.',
  'Every run writes into a fresh directory on the same disk as the served files, then its sha256 is checked against the source; a mismatch, a missing file or a non-zero exit fails the run and the row.',
  'Wall time is measured by the bench around `/usr/bin/time` (ms resolution). CPU (user + system) and peak RSS (`%M`) come from GNU time, at 10 ms resolution, so CPU figures of sub-second runs are coarse.',
  'Runs are interleaved: run 1 of every tool, then run 2 of every tool, so drift over the session affects all tools alike.',
  'The page cache cannot be dropped here (no privilege), so the served files are read from memory (they were just hashed). Output is written into the page cache; `sync` runs after each run and outside its timing, so a tool that calls fsync itself pays for the flush and the others do not.',
  'Fetchpoint is such a tool: before every checkpoint (every 4 MiB or every second) it syncs the file with fdatasync, so that a checkpoint never claims bytes that are not on the disk. Its wall and CPU times therefore include writing every byte to the disk; curl, wget and aria2c leave that to the `sync` after the run. The reference row "curl + sync --data" (unthrottled only, no target refers to it) runs curl and then fdatasyncs its file, so it shows what curl costs when the file must be on the disk when it ends.',
  'nginx, the tool and the bench share the same cores; the server\'s CPU is not counted in any row.',
  'aria2c runs with `--file-allocation=none` (like curl, wget and a fresh Fetchpoint file; its default `prealloc` would write every byte twice) and `--no-conf=true` (so no user config changes it). `-k1M` is used with `-x16 -s16` only.',
  'Fetchpoint runs through its CLI bundle (`npm run build:cli`, built at bench start) with the Node that runs the bench, and a fresh `--state` directory per run.',
];

/** Renders rows as a Markdown table padded so it also reads well in a terminal. */
export function renderMarkdownTable(
  header: readonly string[],
  body: readonly (readonly string[])[],
  isRightAligned: readonly boolean[],
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, 3, ...body.map((row) => (row[column] ?? '').length)),
  );
  const pad = (cell: string, column: number): string => {
    const width = widths[column] ?? cell.length;
    return isRightAligned[column] === true ? cell.padStart(width) : cell.padEnd(width);
  };
  const renderRow = (row: readonly string[]): string => `| ${row.map((cell, column) => pad(cell, column)).join(' | ')} |`;
  const rule = (width: number, column: number): string =>
    isRightAligned[column] === true ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width);
  const separator = `| ${widths.map(rule).join(' | ')} |`;
  return [renderRow(header), separator, ...body.map(renderRow)].join('\n');
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

function divide(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return numerator / denominator;
}

function formatNumber(value: number | null, digits: number): string {
  return value === null ? '—' : value.toFixed(digits);
}

function formatRange(low: number | null, high: number | null, digits: number): string {
  return low === null || high === null ? '—' : `${low.toFixed(digits)}–${high.toFixed(digits)}`;
}

function formatRatio(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(2)}×`;
}
