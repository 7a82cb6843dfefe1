import {
  SEVERITY_NAMES,
  STATUS_NAMES,
  SUPPORT_STATUS_NAMES,
  UNIT_TYPE_NAMES,
  sectorById,
  type MirsadEvent,
} from '@mirsad/shared';
import type { I18n } from '../../i18n/useI18n.js';
import { severityOf } from './presentation.js';

/** One line of an incident's history, in the reader's language: what happened. */
export function describeEvent(
  i18n: Pick<I18n, 't' | 'text'>,
  event: MirsadEvent,
  incidentId: string,
): string {
  const { t, text } = i18n;
  switch (event.type) {
    case 'incident.reported':
      return t('timeline.reported');
    case 'incident.updated': {
      const { changes } = event.data;
      const parts: string[] = [];
      if (changes.status) parts.push(t('timeline.status', { status: text(STATUS_NAMES[changes.status]) }));
      if (changes.severity !== undefined) {
        const severity = severityOf({ severity: changes.severity });
        parts.push(t('timeline.severity', { severity: `${severity} ${text(SEVERITY_NAMES[severity])}` }));
      }
      if (changes.sector)
        parts.push(t('timeline.reassigned', { sector: text(sectorById(changes.sector).name) }));
      if (parts.length === 0) parts.push(t('timeline.edited'));
      return parts.join(' · ');
    }
    case 'note.added':
      return t('timeline.note');
    case 'link.proposed':
      return t('timeline.linkProposed');
    case 'link.dismissed':
      return t('timeline.linkDismissed');
    case 'incident.merged':
      return event.data.merged.id === incidentId ? t('timeline.mergedAway') : t('timeline.mergedIn');
    case 'support.requested':
      return t('timeline.supportRequested', { sector: text(sectorById(event.data.request.toSector).name) });
    case 'support.answered':
      return t('timeline.supportAnswered', {
        sector: text(sectorById(event.data.request.toSector).name),
        status: text(SUPPORT_STATUS_NAMES[event.data.request.status]),
      });
    case 'unit.assigned':
      return t('timeline.unitAssigned', {
        unit: `${event.data.unit.callSign} (${text(UNIT_TYPE_NAMES[event.data.unit.type])})`,
      });
    case 'unit.released':
      return t('timeline.unitReleased', { unit: event.data.unit.callSign });
    case 'unit.registered':
    case 'unit.updated':
    case 'shelter.opened':
    case 'shelter.updated':
    case 'shelter.closed':
    case 'exercise.updated':
    case 'exercise.overlay':
    case 'patrol.defined':
    case 'patrol.changed':
    case 'patrol.assigned':
    case 'sensor.registered':
    case 'sensor.updated':
    case 'detection.recorded':
    case 'pattern.detected':
    case 'pattern.ended':
    case 'pattern.acknowledged':
    case 'warning.drafted':
    case 'warning.issued':
    case 'warning.withdrawn':
    case 'warning.received':
      return t('timeline.other');
  }
}

/** Who did it, as people read it: `user:traffic` is traffic, `source:traffic-cad` the system. */
export function actorName(actor: string): string {
  const colon = actor.indexOf(':');
  return colon === -1 ? actor : actor.slice(colon + 1);
}
