import { useI18n } from '../../i18n/useI18n.js';
import { LayerSwitch } from '../map/LayerSwitch.js';
import { toggleCoverage, togglePatrols, usePatrolViewStore } from './store.js';
import './patrols.css';

/** The patrols' part of the map's key: the switches of the areas and of the coverage view, and their colours. */
export function PatrolKey() {
  const { t } = useI18n();
  const { isPatrolsShown, isCoverageShown } = usePatrolViewStore();
  return (
    <section className="patrol-key" data-testid="patrol-key" aria-labelledby="patrol-key-title">
      <h3 id="patrol-key-title" className="panel-title">
        {t('patrols.key.title')}
      </h3>
      <fieldset className="map-legend__layers">
        <legend className="sr-only">{t('patrols.key.title')}</legend>
        <LayerSwitch
          testId="layer-patrols"
          label={t('patrols.layers.patrols')}
          isChecked={isPatrolsShown}
          onToggle={togglePatrols}
        />
        <LayerSwitch
          testId="layer-coverage"
          label={t('patrols.layers.coverage')}
          isChecked={isCoverageShown}
          onToggle={toggleCoverage}
        />
      </fieldset>
      <ul className="legend__list">
        <li>
          <span className="patrol-key__swatch patrol-key__swatch--manned" aria-hidden="true" />
          {t('patrols.key.manned')}
        </li>
        <li>
          <span className="patrol-key__swatch patrol-key__swatch--unmanned" aria-hidden="true" />
          {t('patrols.key.unmanned')}
        </li>
        {isCoverageShown && (
          <>
            <li>
              <span className="patrol-key__swatch patrol-key__swatch--covered" aria-hidden="true" />
              {t('patrols.key.covered')}
            </li>
            <li>
              <span className="patrol-key__swatch patrol-key__swatch--uncovered" aria-hidden="true" />
              {t('patrols.key.uncovered')}
            </li>
          </>
        )}
      </ul>
    </section>
  );
}
