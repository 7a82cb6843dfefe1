import { patternGroupById } from '@mirsad/shared';
import { useI18n } from '../../i18n/useI18n.js';
import { SectorChip } from '../incidents/SectorChip.js';
import { alertOrder } from './PatternAlerts.js';
import { isAwaitingAcknowledgement } from './patternState.js';
import './patterns.css';
import { useShownPatterns } from './useShownPatterns.js';

/**
 * The wall's pattern alert: the newest crime series nobody has acknowledged yet, with its
 * explanation in the wall's language, across the foot of the map; it goes the moment someone
 * acknowledges it in the room (`pattern.acknowledged` reaches the wall live).
 */
export function WallPatternCallout() {
  const { t, text } = useI18n();
  const patterns = useShownPatterns();
  const waiting = alertOrder(patterns).filter(isAwaitingAcknowledgement);
  const [newest] = waiting;
  if (!newest) return null;
  return (
    <div className="wall-pattern" data-testid="wall-pattern" data-pattern-id={newest.id} role="alert">
      <div className="pattern-alert__head wall-pattern__head">
        <span className="wall-pattern__label">{t('patterns.alert.new')}</span>
        <strong>{text(patternGroupById(newest.cluster.group).name)}</strong>
        {newest.sectors.map((sector) => (
          <SectorChip key={sector} sector={sector} />
        ))}
      </div>
      <p className="wall-pattern__text" dir="auto" data-testid="wall-pattern-explanation">
        {text(newest.cluster.explanation)}
      </p>
      {waiting.length > 1 && (
        <p className="wall-pattern__other">{t('patterns.alert.more', { count: waiting.length - 1 })}</p>
      )}
    </div>
  );
}
