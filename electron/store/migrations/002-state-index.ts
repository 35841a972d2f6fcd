// Runtime: Node (store).
import type { Migration } from './index';

/** The scheduler and the UI's state filters query by state in queue order; 10,000 items made that a table scan. */
export const migration002StateIndex: Migration = {
  version: 2,
  description: 'index downloads by state and queue order',
  sql: 'CREATE INDEX downloads_state_priority ON downloads (state, priority, created_at_ms);',
};
