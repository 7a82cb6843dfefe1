import './incidents.css';
import { useI18n } from '../../i18n/useI18n.js';
import type { Overdue } from './overdue.js';

/** "Overdue" with the missed step and by how long, for the list and the panel. */
export function OverdueBadge({ overdue, isCompact = false }: { overdue: Overdue; isCompact?: boolean }) {
  const { t } = useI18n();
  const minutes = Math.max(1, Math.floor(overdue.lateByMs / 60_000));
  const step = t(overdue.step === 'acknowledge' ? 'overdue.acknowledge' : 'overdue.dispatch');
  const full = t('overdue.full', { step, minutes });
  return (
    <span className="overdue-badge" data-testid="overdue-badge" data-step={overdue.step} title={full}>
      {/* The list's rows get a still dot: one animation per overdue row sent the page an
          animation event per row every 1.8 s; the panel's single badge pulses three times. */}
      <span
        className={`overdue-badge__dot${isCompact ? ' overdue-badge__dot--still' : ''}`}
        aria-hidden="true"
      />
      {isCompact ? t('overdue.short') : full}
    </span>
  );
}
