// Runtime: renderer. One row of the queue. Memoized: it re-renders when its item, selection or expansion changes;
// live progress repaints only RowProgress inside it.
import { memo, type MouseEvent, type Ref } from 'react';
import type { DownloadItem } from '../../../../shared/download-types';
import { Icon } from '../../components/icon';
import { describeState } from './describe-state';
import { FileTypeBadge } from './file-type-badge';
import { getDisplayName } from './get-display-name';
import { RowActions } from './row-actions';
import { RowDetails } from './row-details';
import { RowProgress } from './row-progress';
import type { QueueActions } from './use-queue-actions';

export interface DownloadRowProps {
  item: DownloadItem;
  index: number;
  startPx: number;
  isSelected: boolean;
  isExpanded: boolean;
  isFocused: boolean;
  actions: QueueActions;
  /** Set for expanded rows only: collapsed rows have a fixed height and need no measuring. */
  measureRef: Ref<HTMLDivElement> | undefined;
  onRowClick: (id: string, event: MouseEvent) => void;
  onToggleExpanded: (id: string) => void;
  onRequestRemove: (ids: readonly string[]) => void;
  onRequestRefreshLink: (item: DownloadItem) => void;
}

export const DownloadRow = memo(function DownloadRow(props: DownloadRowProps) {
  const { item, index, startPx, isSelected, isExpanded, isFocused, actions, measureRef } = props;
  const name = getDisplayName(item);
  const classes = ['row', `row-${item.state}`, isExpanded ? 'row-expanded' : '', isSelected ? 'row-selected' : '', isFocused ? 'row-focused' : '']
    .filter((value) => value !== '')
    .join(' ');
  return (
    <div
      ref={measureRef}
      className={classes}
      role="row"
      aria-rowindex={index + 1}
      aria-selected={isSelected}
      data-index={index}
      data-id={item.id}
      data-state={item.state}
      style={{ transform: `translateY(${startPx}px)` }}
      onClick={(event) => props.onRowClick(item.id, event)}
    >
      <div className="row-main" role="gridcell">
        <button
          type="button"
          className="button button-ghost button-icon-only row-expander"
          aria-expanded={isExpanded}
          aria-label={`${isExpanded ? 'Hide' : 'Show'} details of ${name}`}
          title={isExpanded ? 'Hide details' : 'Show details and log'}
          onClick={() => props.onToggleExpanded(item.id)}
        >
          <Icon name="chevron" sizePx={16} />
        </button>
        <FileTypeBadge fileName={name} />
        <div className="row-body">
          <div className="row-title">
            <span className="row-name" title={item.url}>
              {name}
            </span>
            <span className={`state-chip state-${item.state}`}>{describeState(item)}</span>
          </div>
          <RowProgress item={item} name={name} />
        </div>
      </div>
      <div className="row-actions-cell" role="gridcell">
        <RowActions
          item={item}
          name={name}
          actions={actions}
          onRequestRemove={props.onRequestRemove}
          onRequestRefreshLink={props.onRequestRefreshLink}
        />
      </div>
      {isExpanded ? (
        <div className="row-details-cell" role="gridcell">
          <RowDetails item={item} name={name} />
        </div>
      ) : null}
    </div>
  );
});
