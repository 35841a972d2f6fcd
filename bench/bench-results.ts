// Runtime: Node, run by `npm run bench` through tsx.
import type { BenchFile } from './bench-files';
import type { MeasuredRun } from './run-tool';

/** One file served one way: every tool downloads it `runs` times. */
export interface Scenario {
  /** Stable id such as `fast-256MiB`. */
  id: string;
  /** Heading such as `256MiB, unthrottled`. */
  label: string;
  file: BenchFile;
  isThrottled: boolean;
  url: string;
}

/** How a run ended; anything but `ok` is a failure shown in the table. */
export type RunVerdict = 'ok' | 'exit-status' | 'timeout' | 'missing-output' | 'sha256-mismatch' | 'error';

/** One tool downloading one scenario's file once. */
export interface RunRecord {
  scenarioId: string;
  toolId: string;
  /** 1-based. */
  runNumber: number;
  verdict: RunVerdict;
  /** Why a run failed; empty for `ok`. */
  detail: string;
  /** Null when the command could not even be started. */
  measured: MeasuredRun | null;
  /** The exact argv run, GNU time included. */
  argv: string[];
}
