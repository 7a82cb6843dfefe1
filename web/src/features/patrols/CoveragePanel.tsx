import type { Coverage, CoveredArea } from '@mirsad/shared';
import type { UseQueryResult } from '@tanstack/react-query';
import { useI18n, type I18n } from '../../i18n/useI18n.js';
import { SelectField } from '../../ui/Field.js';
import { COVERAGE_DISTANCES_M, setCoverageDistance, toggleCoverage, usePatrolViewStore } from './store.js';
import './patrols.css';

/** Most gaps the panel lists; the map shows them all. */
const LISTED_GAPS = 8;

/** A distance as the room reads it: metres under a kilometre, else kilometres. */
export function distanceText(i18n: Pick<I18n, 't' | 'number'>, metres: number): string {
  return metres < 1_000
    ? i18n.t('units.metres', { value: i18n.number(Math.round(metres)) })
    : i18n.t('units.kilometres', { value: i18n.number(Math.round(metres / 100) / 10) });
}

function boundsOf(area: CoveredArea): [number, number, number, number] {
  const ring = area.area.coordinates[0] ?? [];
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

/**
 * The coverage view: within what distance a patrol counts, how many high-risk areas one covers,
 * and the ones without, riskiest first, each with its nearest manned patrol.
 */
export function CoveragePanel({
  coverage,
  onShow,
}: {
  coverage: Pick<UseQueryResult<Coverage>, 'data' | 'isPending' | 'isError'>;
  onShow: (bounds: [number, number, number, number]) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const distanceM = usePatrolViewStore((state) => state.distanceM);
  const data = coverage.data;
  const gaps = (data?.areas ?? []).filter((area) => !area.isCovered);
  return (
    <section className="coverage-panel" data-testid="coverage-panel" aria-labelledby="coverage-title">
      <div className="coverage-panel__head">
        <h2 id="coverage-title" className="panel-title">
          {t('patrols.coverage.title')}
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('details.close')}
          onClick={() => {
            toggleCoverage();
          }}
        >
          ×
        </button>
      </div>
      <SelectField
        label={t('patrols.coverage.distance')}
        value={distanceM}
        isInline
        testId="coverage-distance"
        options={COVERAGE_DISTANCES_M.map((value) => ({ value, label: distanceText(i18n, value) }))}
        onChange={setCoverageDistance}
      />
      {coverage.isPending ? (
        <p className="muted">{t('patrols.coverage.loading')}</p>
      ) : coverage.isError || !data ? (
        <p className="muted" role="alert">
          {t('patrols.coverage.error')}
        </p>
      ) : data.areas.length === 0 ? (
        <p className="muted">{t('patrols.coverage.none')}</p>
      ) : (
        <>
          <p className="coverage-panel__summary" data-testid="coverage-summary">
            {t('patrols.coverage.summary', { covered: i18n.number(data.covered), total: data.areas.length })}
          </p>
          <ul className="coverage-panel__gaps">
            {gaps.slice(0, LISTED_GAPS).map((area) => (
              <li key={area.id} data-testid="coverage-gap">
                <button
                  type="button"
                  className="text-button"
                  title={t('patrols.coverage.show')}
                  onClick={() => {
                    onShow(boundsOf(area));
                  }}
                >
                  <span className="coverage-panel__gap">{t('patrols.coverage.gap')}</span>
                  {area.incidents !== null && (
                    <span>{t('patrols.coverage.incidents', { count: area.incidents })}</span>
                  )}
                </button>
                <span className="muted">
                  {area.nearest
                    ? t('patrols.coverage.nearest', {
                        name: area.nearest.name,
                        distance: distanceText(i18n, area.nearest.distanceM),
                      })
                    : t('patrols.coverage.noPatrol')}
                </span>
              </li>
            ))}
          </ul>
          <p className="muted coverage-panel__source">{t(`patrols.coverage.source.${data.source}`)}</p>
        </>
      )}
    </section>
  );
}
