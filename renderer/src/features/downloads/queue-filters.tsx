// Runtime: renderer. Filter by state, search by name or link, and sort.
import type { DownloadState } from '../../../../shared/download-types';
import { Icon } from '../../components/icon';
import { STATE_LABELS } from './describe-state';
import { SORT_LABELS, type QueueView, type SortKey, type StateFilter } from './queue-view';

export interface QueueFiltersProps {
  view: QueueView;
  counts: Readonly<Record<DownloadState, number>>;
  totalCount: number;
  onChange: (view: QueueView) => void;
}

const FILTER_ORDER: readonly DownloadState[] = ['active', 'queued', 'paused', 'completed', 'failed', 'canceled'];

export function QueueFilters({ view, counts, totalCount, onChange }: QueueFiltersProps) {
  const filters: readonly StateFilter[] = ['all', ...FILTER_ORDER];
  return (
    <div className="filters">
      <div className="filter-tabs" role="radiogroup" aria-label="Show downloads by state">
        {filters.map((filter) => {
          const count = filter === 'all' ? totalCount : counts[filter];
          const label = filter === 'all' ? 'All' : STATE_LABELS[filter];
          const isChecked = view.stateFilter === filter;
          return (
            <button
              key={filter}
              type="button"
              role="radio"
              aria-checked={isChecked}
              className={isChecked ? 'filter-tab filter-tab-checked' : 'filter-tab'}
              onClick={() => onChange({ ...view, stateFilter: filter })}
            >
              {label}
              <span className="filter-count" aria-label={`, ${count}`}>
                {count.toLocaleString()}
              </span>
            </button>
          );
        })}
      </div>
      <div className="filter-tools">
        <label className="search">
          <Icon name="search" sizePx={16} />
          <input
            type="search"
            placeholder="Search name or link"
            aria-label="Search by name or link"
            value={view.search}
            onChange={(event) => onChange({ ...view, search: event.target.value })}
          />
        </label>
        <select
          aria-label="Sort by"
          className="select"
          value={view.sortKey}
          onChange={(event) => onChange({ ...view, sortKey: event.target.value as SortKey })}
        >
          {(Object.keys(SORT_LABELS) as SortKey[]).map((key) => (
            <option key={key} value={key}>
              {SORT_LABELS[key]}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button-ghost button-icon-only"
          aria-label={view.sortDirection === 'ascending' ? 'Sorted ascending; sort descending' : 'Sorted descending; sort ascending'}
          title={view.sortDirection === 'ascending' ? 'Ascending' : 'Descending'}
          onClick={() => onChange({ ...view, sortDirection: view.sortDirection === 'ascending' ? 'descending' : 'ascending' })}
        >
          <span className={view.sortDirection === 'ascending' ? 'sort-icon' : 'sort-icon sort-icon-flipped'}>
            <Icon name="sort" sizePx={16} />
          </span>
        </button>
      </div>
    </div>
  );
}
