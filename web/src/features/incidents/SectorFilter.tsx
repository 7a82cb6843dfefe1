import './incidents.css';
import { SECTORS, SECTOR_IDS, seesAllSectors } from '@mirsad/shared';
import { useI18n } from '../../i18n/useI18n.js';
import { usePrincipal } from '../auth/usePrincipal.js';
import { SectorChip } from './SectorChip.js';
import { hideSectors, showAllSectors, toggleSector, useIncidentViewStore } from './store.js';
import { usePictureCounts } from './useVisibleIncidents.js';

/**
 * The sector toggles; the filter applies to the list and the map alike. A commander's room
 * has all eleven; an officer's only their own sectors and those of incidents they can see
 * (joined by support or merge), so the list keeps the room it needs on a laptop.
 */
export function SectorFilter() {
  const { t, text, number } = useI18n();
  const hiddenSectors = useIncidentViewStore((state) => state.hiddenSectors);
  const { bySector } = usePictureCounts();
  const principal = usePrincipal();
  const sectors = seesAllSectors(principal)
    ? SECTORS
    : SECTORS.filter(
        (sector) =>
          principal.sectors.includes(sector.id) ||
          (bySector.get(sector.id) ?? 0) > 0 ||
          hiddenSectors.has(sector.id),
      );
  return (
    <section className="sector-filter" aria-labelledby="sector-filter-title">
      <div className="sector-filter__head">
        <h2 id="sector-filter-title" className="panel-title">
          {t('filter.title')}
        </h2>
        <div className="sector-filter__bulk">
          <button
            type="button"
            className="text-button"
            onClick={showAllSectors}
            disabled={hiddenSectors.size === 0}
          >
            {t('filter.all')}
          </button>
          <button
            type="button"
            className="text-button"
            onClick={() => {
              hideSectors(SECTOR_IDS);
            }}
            disabled={hiddenSectors.size === SECTOR_IDS.length}
          >
            {t('filter.none')}
          </button>
        </div>
      </div>
      <ul className="sector-filter__grid">
        {sectors.map((sector) => {
          const isShown = !hiddenSectors.has(sector.id);
          const count = bySector.get(sector.id) ?? 0;
          return (
            <li key={sector.id}>
              <button
                type="button"
                className="sector-toggle"
                data-testid={`sector-filter-${sector.id}`}
                aria-pressed={isShown}
                aria-label={t('filter.toggle', { sector: text(sector.name), count })}
                title={text(sector.name)}
                onClick={() => {
                  toggleSector(sector.id);
                }}
              >
                <SectorChip sector={sector.id} isMuted={!isShown} />
                <span className="sector-toggle__name">{text(sector.name)}</span>
                <span className="sector-toggle__count">{number(count)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
