// Runtime: Node, run by `npm run bench` through tsx.
import { chmod, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBenchFiles, formatSizeLabel, parseSizeBytes, type BenchFile } from './bench-files';
import type { RunRecord, RunVerdict, Scenario } from './bench-results';
import { allToolIds, defineBenchTools, toolsForScenario, type BenchTool } from './bench-tools';
import { describeError } from './describe-error';
import { hashFile } from './hash-file';
import { ensurePrerequisites, type PrerequisitePaths } from './install-prerequisites';
import { collectMachineInfo } from './machine-info';
import { startNginxServer } from './nginx-server';
import { prepareFetchpointCli, type FetchpointCliStatus } from './prepare-fetchpoint-cli';
import { renderMarkdownReport, renderScenarioTable, summariseScenario, type RowSummary } from './report';
import { formatShellCommand, runCommand } from './run-command';
import { buildMeasuredArgv, runMeasured, type MeasuredRun } from './run-tool';
import { installSignalHandlers, isShuttingDown, runShutdownHooks } from './shutdown-hooks';
import { evaluateTargets } from './target-checks';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const reportPath = join(repoRoot, 'docs', 'benchmarks.md');
const mebibyte = 1024 * 1024;
const defaultSizes = '256M,1G';
const defaultThrottledSizes = '256M';
const defaultRuns = 3;
const defaultCacheDir = '/var/tmp/fetchpoint-bench';
const slowLimitRate = '8m';
const baseRunTimeoutMs = 60_000;
// Generous enough for one connection at the throttled 8 MiB/s; only a hung tool reaches it.
const runTimeoutMsPerMiB = 1_000;

const usage = `Usage: npm run bench -- [options]

Downloads generated files from a private nginx on 127.0.0.1 with Fetchpoint's CLI, curl, wget
and aria2c, checks every file's sha256, and writes the table to docs/benchmarks.md.

Options (environment variable in brackets; options win):
  --quick                  only the 256 MiB file (same as --sizes 256M)
  --sizes LIST             unthrottled sizes, e.g. 256M,1G [BENCH_SIZES] (default ${defaultSizes})
  --throttled-sizes LIST   sizes served at 8 MiB/s per connection, or "none"
                           [BENCH_THROTTLED_SIZES] (default ${defaultThrottledSizes})
  --runs N                 runs per tool and scenario [BENCH_RUNS] (default ${defaultRuns})
  --tools LIST             subset of ${allToolIds.join(',')} [BENCH_TOOLS]
  --fetchpoint-cli PATH    benchmark this CLI bundle instead of running npm run build:cli [BENCH_FETCHPOINT_CLI]
  --cache-dir DIR          where files are generated and downloaded [BENCH_CACHE_DIR] (default ${defaultCacheDir})
  --check                  exit 1 when a target check fails (a failed run always exits 1)
  --help                   show this text
`;

interface BenchOptions {
  sizesBytes: number[];
  throttledSizesBytes: number[];
  runs: number;
  toolIds: string[];
  cacheDir: string;
  /** A CLI bundle to use instead of building one; null builds dist/cli/cli.cjs. */
  prebuiltCliPath: string | null;
  isCheckingTargets: boolean;
  /** What differs from a full default run, for the report. */
  configurationNotes: string[];
}

function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      'throttled-sizes': { type: 'string' },
      runs: { type: 'string' },
      tools: { type: 'string' },
      'cache-dir': { type: 'string' },
      'fetchpoint-cli': { type: 'string' },
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help === true) return 'help';
  const sizesText = values.quick === true ? '256M' : (values.sizes ?? env.BENCH_SIZES ?? defaultSizes);
  const throttledText = values['throttled-sizes'] ?? env.BENCH_THROTTLED_SIZES ?? defaultThrottledSizes;
  const runsText = values.runs ?? env.BENCH_RUNS ?? String(defaultRuns);
  const toolsText = values.tools ?? env.BENCH_TOOLS ?? allToolIds.join(',');
  const prebuiltCliText = values['fetchpoint-cli'] ?? env.BENCH_FETCHPOINT_CLI;

  const runs = Number(runsText);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`Runs must be a positive integer, got "${runsText}".`);
  const toolIds = splitList(toolsText);
  const unknownToolIds = toolIds.filter((id) => !(allToolIds as readonly string[]).includes(id));
  if (unknownToolIds.length > 0 || toolIds.length === 0) {
    throw new Error(`Unknown tools "${unknownToolIds.join(',')}"; choose from ${allToolIds.join(',')}.`);
  }
  const sizesBytes = parseSizeList(sizesText);
  const throttledSizesBytes = throttledText.trim().toLowerCase() === 'none' ? [] : parseSizeList(throttledText);

  const isDefaultSizes = sameSizes(sizesBytes, parseSizeList(defaultSizes));
  const isDefaultThrottledSizes = sameSizes(throttledSizesBytes, parseSizeList(defaultThrottledSizes));
  const configurationNotes = [
    ...(isDefaultSizes ? [] : [`unthrottled sizes ${describeSizes(sizesBytes)}`]),
    ...(isDefaultThrottledSizes ? [] : [`throttled sizes ${describeSizes(throttledSizesBytes)}`]),
    ...(runs === defaultRuns ? [] : [`${runs} run(s) per tool`]),
    ...(toolIds.length === allToolIds.length ? [] : [`tools ${toolIds.join(',')}`]),
    ...(prebuiltCliText === undefined ? [] : [`prebuilt Fetchpoint CLI ${prebuiltCliText}`]),
  ];
  return {
    sizesBytes,
    throttledSizesBytes,
    runs,
    toolIds,
    cacheDir: resolve(values['cache-dir'] ?? env.BENCH_CACHE_DIR ?? defaultCacheDir),
    prebuiltCliPath: prebuiltCliText === undefined ? null : resolve(prebuiltCliText),
    isCheckingTargets: values.check === true,
    configurationNotes,
  };
}

function splitList(text: string): string[] {
  return text.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function parseSizeList(text: string): number[] {
  return [...new Set(splitList(text).map(parseSizeBytes))].sort((a, b) => a - b);
}

function sameSizes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, index) => size === b[index]);
}

function describeSizes(sizesBytes: readonly number[]): string {
  return sizesBytes.length === 0 ? 'none' : sizesBytes.map(formatSizeLabel).join(',');
}

async function runBench(options: BenchOptions): Promise<number> {
  const paths = await ensurePrerequisites();
  const isFetchpointSelected = options.toolIds.some((id) => id.startsWith('fetchpoint-'));
  const fetchpoint: FetchpointCliStatus = isFetchpointSelected
    ? await prepareFetchpointCli(repoRoot, options.prebuiltCliPath)
    : { isAvailable: false, reason: 'not selected' };
  if (!fetchpoint.isAvailable && isFetchpointSelected) console.log(`bench: Fetchpoint rows will be empty: ${fetchpoint.reason}`);
  const tools = defineBenchTools(paths, fetchpoint).filter((tool) => options.toolIds.includes(tool.id));

  await mkdir(options.cacheDir, { recursive: true });
  await chmod(options.cacheDir, 0o755);
  const filesDir = join(options.cacheDir, 'files');
  const runsDir = join(options.cacheDir, 'runs');
  const allSizesBytes = [...new Set([...options.sizesBytes, ...options.throttledSizesBytes])].sort((a, b) => a - b);
  const files = await ensureBenchFiles(filesDir, allSizesBytes);
  const probeFile = files[0];
  if (probeFile === undefined) throw new Error('No sizes selected.');
  await rm(runsDir, { recursive: true, force: true });
  await mkdir(runsDir, { recursive: true });

  const server = await startNginxServer({
    nginxPath: paths.nginxPath,
    filesDir,
    probeFileName: probeFile.fileName,
    slowLimitRate,
  });
  console.log(`bench: nginx serving ${filesDir} at ${server.baseUrl}`);
  const scenarios = buildScenarios(files, options, server.baseUrl);
  const records: RunRecord[] = [];
  try {
    for (const scenario of scenarios) {
      console.log(`\n== ${scenario.label} (${scenario.url})`);
      for (let runNumber = 1; runNumber <= options.runs; runNumber += 1) {
        for (const tool of toolsForScenario(tools, scenario.isThrottled).filter((candidate) => candidate.unavailableReason === null)) {
          const record = await executeRun({ scenario, tool, runNumber, runsDir, paths });
          // An interrupted run is not a result; stop before it reaches the tables or the report.
          if (isShuttingDown()) throw new Error('Interrupted.');
          records.push(record);
          console.log(describeProgress(record, scenario, tool, options.runs));
        }
      }
    }
  } finally {
    await server.stop();
  }

  const rowsByScenario = new Map<string, RowSummary[]>(
    scenarios.map((scenario) => [scenario.id, summariseScenario(scenario, tools, records)]),
  );
  for (const scenario of scenarios) {
    console.log(`\n### ${scenario.label}\n\n${renderScenarioTable(rowsByScenario.get(scenario.id) ?? [])}`);
  }
  const targetChecks = evaluateTargets(scenarios, rowsByScenario);
  console.log('\nTarget checks:');
  for (const check of targetChecks) console.log(`${check.status.padEnd(4)} ${check.description} — ${check.detail}`);

  const commandsByTool = new Map<string, string>();
  for (const record of records) {
    const tool = tools.find((candidate) => candidate.id === record.toolId);
    if (tool !== undefined && !commandsByTool.has(tool.id)) {
      commandsByTool.set(tool.id, `# ${tool.label}\n${formatShellCommand(record.argv)}`);
    }
  }
  const markdown = renderMarkdownReport({
    date: new Date(),
    machine: await collectMachineInfo(paths, repoRoot),
    runsPerTool: options.runs,
    scenarios,
    rowsByScenario,
    targetChecks,
    commandsByTool,
    nginxConfig: server.configText,
    configurationNotes: options.configurationNotes,
  });
  await mkdir(dirname(reportPath), { recursive: true });
  await writeFile(reportPath, markdown);
  console.log(`\nbench: wrote ${relative(process.cwd(), reportPath) || reportPath}`);

  const failedRuns = records.filter((record) => record.verdict !== 'ok');
  if (failedRuns.length > 0) {
    console.error(`bench: ${failedRuns.length} run(s) FAILED; see the tables above.`);
    return 1;
  }
  if (options.isCheckingTargets && targetChecks.some((check) => check.status === 'FAIL')) return 1;
  return 0;
}

function buildScenarios(files: readonly BenchFile[], options: BenchOptions, baseUrl: string): Scenario[] {
  const fileOf = (sizeBytes: number): BenchFile => {
    const file = files.find((candidate) => candidate.sizeBytes === sizeBytes);
    if (file === undefined) throw new Error(`No generated file of ${sizeBytes} bytes.`);
    return file;
  };
  return [
    ...options.sizesBytes.map((sizeBytes): Scenario => {
      const file = fileOf(sizeBytes);
      return {
        id: `fast-${file.label}`,
        label: `${file.label}, unthrottled`,
        file,
        isThrottled: false,
        url: `${baseUrl}/fast/${file.fileName}`,
      };
    }),
    ...options.throttledSizesBytes.map((sizeBytes): Scenario => {
      const file = fileOf(sizeBytes);
      return {
        id: `slow-${file.label}`,
        label: `${file.label}, throttled to 8 MiB/s per connection`,
        file,
        isThrottled: true,
        url: `${baseUrl}/slow/${file.fileName}`,
      };
    }),
  ];
}

interface RunInput {
  scenario: Scenario;
  tool: BenchTool;
  runNumber: number;
  runsDir: string;
  paths: PrerequisitePaths;
}

async function executeRun(input: RunInput): Promise<RunRecord> {
  const { scenario, tool, runNumber } = input;
  const runDir = join(input.runsDir, `${scenario.id}-${tool.id}-${runNumber}`);
  const outDir = join(runDir, 'out');
  const stateDir = join(runDir, 'state');
  const timeFilePath = join(runDir, 'time.txt');
  await mkdir(outDir, { recursive: true });
  await mkdir(stateDir, { recursive: true });
  const command = tool.buildCommand({ url: scenario.url, outDir, outFileName: scenario.file.fileName, stateDir });
  const argv = buildMeasuredArgv(command, input.paths.gnuTimePath, timeFilePath);
  const base = { scenarioId: scenario.id, toolId: tool.id, runNumber, argv };
  try {
    const timeoutMs = baseRunTimeoutMs + (scenario.file.sizeBytes / mebibyte) * runTimeoutMsPerMiB;
    let measured: MeasuredRun;
    try {
      measured = await runMeasured(command, { gnuTimePath: input.paths.gnuTimePath, cwd: runDir, timeFilePath, timeoutMs });
    } catch (error) {
      return { ...base, verdict: 'error', detail: describeError(error), measured: null };
    }
    const { verdict, detail } = await judgeRun(measured, outDir, scenario.file, timeoutMs);
    return { ...base, verdict, detail, measured };
  } finally {
    await rm(runDir, { recursive: true, force: true });
    // Flush this run's dirty pages now, outside any timing, so they do not slow the next run.
    await runCommand('sync', []);
  }
}

async function judgeRun(
  measured: MeasuredRun,
  outDir: string,
  file: BenchFile,
  timeoutMs: number,
): Promise<{ verdict: RunVerdict; detail: string }> {
  const tail = measured.outputTail === '' ? '' : `; output: ${measured.outputTail.replaceAll('\n', ' | ')}`;
  if (measured.isTimedOut) return { verdict: 'timeout', detail: `killed after ${timeoutMs / 1000} s${tail}` };
  if (measured.exitCode !== 0) {
    return { verdict: 'exit-status', detail: `exit ${measured.exitCode ?? `signal ${measured.signal}`}${tail}` };
  }
  const outputPath = await locateOutputFile(outDir, file.fileName);
  if (outputPath === null) {
    const entries = await readdir(outDir);
    const found = entries.join(', ') || 'nothing';
    return { verdict: 'missing-output', detail: `no single output file in the output directory (found: ${found})` };
  }
  const sha256 = await hashFile(outputPath);
  if (sha256 !== file.sha256) {
    const sizeBytes = (await stat(outputPath)).size;
    return {
      verdict: 'sha256-mismatch',
      detail: `sha256 ${sha256} (${sizeBytes} bytes) instead of ${file.sha256} (${file.sizeBytes} bytes)`,
    };
  }
  return { verdict: 'ok', detail: '' };
}

/** The expected name, or else the only regular file the tool left (a tool may pick its own name). */
async function locateOutputFile(outDir: string, expectedName: string): Promise<string | null> {
  const entries = await readdir(outDir, { withFileTypes: true });
  if (entries.some((entry) => entry.isFile() && entry.name === expectedName)) return join(outDir, expectedName);
  const files = entries.filter((entry) => entry.isFile());
  const onlyFile = files[0];
  return files.length === 1 && onlyFile !== undefined ? join(outDir, onlyFile.name) : null;
}

function describeProgress(record: RunRecord, scenario: Scenario, tool: BenchTool, runs: number): string {
  const prefix = `  run ${record.runNumber}/${runs} ${tool.label.padEnd(18)}`;
  const measured = record.measured;
  let timing = '';
  if (measured !== null) {
    const mebibytesPerSecond = scenario.file.sizeBytes / mebibyte / measured.wallSeconds;
    timing = `${measured.wallSeconds.toFixed(2).padStart(7)} s ${mebibytesPerSecond.toFixed(1).padStart(7)} MiB/s`;
    if (measured.gnuTime !== null) {
      const cpuSeconds = measured.gnuTime.userSeconds + measured.gnuTime.sysSeconds;
      timing += `  cpu ${cpuSeconds.toFixed(2)} s  rss ${(measured.gnuTime.maxRssKiB / 1024).toFixed(1)} MiB`;
    }
  }
  return record.verdict === 'ok' ? `${prefix}${timing}  sha256 ok` : `${prefix}${timing}  FAIL ${record.verdict}: ${record.detail}`;
}

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    console.log(usage);
    return 0;
  }
  installSignalHandlers();
  try {
    return await runBench(options);
  } finally {
    await runShutdownHooks();
  }
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    console.error('bench: failed:', error);
    process.exitCode = 1;
  },
);
