import './incidents.css';
import type { Incident } from '@mirsad/shared';
import { useI18n } from '../../i18n/useI18n.js';
import { SEVERITY_COLORS, severityName, severityOf } from './presentation.js';

/** Severity as its number and name on the severity's colour. */
export function SeverityBadge({ incident }: { incident: Pick<Incident, 'severity'> }) {
  const { text } = useI18n();
  const severity = severityOf(incident);
  return (
    <span
      className={severity === 5 ? 'severity severity--critical' : 'severity'}
      style={{ '--severity-color': SEVERITY_COLORS[severity] }}
    >
      <span className="severity__level">{severity}</span>
      <span className="severity__name">{text(severityName(incident))}</span>
    </span>
  );
}
