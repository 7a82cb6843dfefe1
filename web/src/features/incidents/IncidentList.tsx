import './incidents.css';
import type { Incident } from '@mirsad/shared';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { useNow } from '../../hooks/useNow.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useGovernorateNames } from '../geo/queries.js';
import { IncidentListItem } from './IncidentListItem.js';
import type { Picture } from '../../realtime/picture.js';
import { indexInList } from './selectors.js';
import { useResponseTargets } from './useOverdue.js';
import { useIncidentViewStore } from './store.js';
import { usePictureCounts, useVisibleIncidents } from './useVisibleIncidents.js';
import { errorText } from '../../i18n/errorText.js';

/** A row's height before it is measured, in px: one title line and the meta line. */
const ROW_ESTIMATE_PX = 64;
/** Rows drawn beyond each edge of the visible part, so a quick scroll does not show blanks. */
const OVERSCAN_ROWS = 8;

/** The live list of active incidents, newest first, under the sector filter. */
export function IncidentList() {
  const i18n = useI18n();
  const { t, number } = i18n;
  const { incidents, query } = useVisibleIncidents();
  const { active } = usePictureCounts();
  const scrollRef = useRef<HTMLDivElement>(null);

  let body;
  if (query.isPending) {
    body = <p className="panel-note">{t('list.loading')}</p>;
  } else if (query.isError) {
    body = (
      <div className="panel-note panel-note--error" role="alert">
        <p>{t('list.error', { message: errorText(i18n, query.error) })}</p>
        <button
          type="button"
          className="button"
          onClick={() => {
            void query.refetch();
          }}
        >
          {t('list.retry')}
        </button>
      </div>
    );
  } else if (incidents.length === 0) {
    body = <p className="panel-note">{active === 0 ? t('list.empty') : t('list.emptyFiltered')}</p>;
  } else {
    body = <IncidentRows incidents={incidents} picture={query.data} scrollRef={scrollRef} />;
  }

  return (
    <section className="incident-list" data-testid="incident-list" aria-labelledby="incident-list-title">
      <div className="incident-list__head">
        <h2 id="incident-list-title" className="panel-title">
          {t('list.title')}
        </h2>
        {query.isSuccess && (
          <span className="incident-list__count">
            {t('list.count', { shown: number(incidents.length), total: number(active) })}
          </span>
        )}
      </div>
      <div className="incident-list__scroll" id="incident-list" ref={scrollRef}>
        {body}
      </div>
    </section>
  );
}

/**
 * The rows, virtualized: only those in view (and a few either side) are in the DOM, so 50,000
 * incidents cost the DOM of a screenful. The selected row is always kept, so that it keeps
 * the keyboard focus when scrolled away, and the list scrolls to it when it is selected
 * elsewhere (on the map, by a shortcut). Each row says its place in the whole list
 * (`aria-posinset` of `aria-setsize`), since a screen reader sees only the drawn ones.
 */
function IncidentRows({
  incidents,
  picture,
  scrollRef,
}: {
  incidents: readonly Incident[];
  /** The picture the list was read from: it places the selected incident without a scan of the list. */
  picture: Picture | undefined;
  scrollRef: RefObject<HTMLDivElement | null>;
}) {
  const selectedId = useIncidentViewStore((state) => state.selectedId);
  const governorateNames = useGovernorateNames();
  const nowMs = useNow();
  const targets = useResponseTargets();
  // A binary search: this runs on every commit of a burst, and the list can hold 50,000.
  const selectedIndex = indexInList(incidents, picture, selectedId);

  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (selectedIndex < 0 || indexes.includes(selectedIndex)) return indexes;
      return [...indexes, selectedIndex].sort((a, b) => a - b);
    },
    [selectedIndex],
  );
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer changes in place; this component is left to render on every list change, which is what it must do
  const virtualizer = useVirtualizer({
    count: incidents.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    // No getItemKey: a new one with each list would make the virtualizer lay out all 50,000
    // rows again on every flush. Rows are keyed by incident below; heights are re-measured.
    overscan: OVERSCAN_ROWS,
    rangeExtractor,
  });

  // Scroll to a row selected elsewhere; a row clicked in the list is already in view ('auto').
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedId]); // eslint-disable-line react-hooks/exhaustive-deps -- only a new selection scrolls, not a list that moved under it

  return (
    <ol
      className="incident-list__rows"
      style={{ position: 'relative', blockSize: virtualizer.getTotalSize() }}
    >
      {virtualizer.getVirtualItems().map((row) => {
        const incident = incidents[row.index];
        if (!incident) return null;
        return (
          <IncidentListItem
            key={incident.id}
            ref={virtualizer.measureElement}
            index={row.index}
            setSize={incidents.length}
            offsetPx={row.start}
            incident={incident}
            isSelected={incident.id === selectedId}
            nowMs={nowMs}
            governorateNames={governorateNames}
            targets={targets}
          />
        );
      })}
    </ol>
  );
}
