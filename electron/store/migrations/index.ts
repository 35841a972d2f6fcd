// Runtime: Node (store). Ordered schema migrations; each runs once, inside a transaction.
import { migration001Initial } from './001-initial';
import { migration002StateIndex } from './002-state-index';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/** Append only: never edit a shipped migration, add a new one. */
export const MIGRATIONS: readonly Migration[] = [migration001Initial, migration002StateIndex];
