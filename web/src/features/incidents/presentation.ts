import { SEVERITY_NAMES, sectorById, type Incident, type LocalizedText, type Severity } from '@mirsad/shared';

/** Badge colours of severities 1..5, light enough for dark text on the dark theme. */
export const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  1: '#93a4bb',
  2: '#62b4ff',
  3: '#ffd23f',
  4: '#ff8c1a',
  5: '#ff453a',
};

const isSeverity = (value: number): value is Severity => value >= 1 && value <= 5 && Number.isInteger(value);

/** The severity of an incident as the shared Severity type (the schema checks 1..5). */
export function severityOf(incident: Pick<Incident, 'severity'>): Severity {
  return isSeverity(incident.severity) ? incident.severity : 1;
}

/** The name of an incident's severity. */
export function severityName(incident: Pick<Incident, 'severity'>): LocalizedText {
  return SEVERITY_NAMES[severityOf(incident)];
}

/** The name of an incident's category, or its id when the sector does not list it. */
export function categoryName(incident: Pick<Incident, 'sector' | 'category'>): LocalizedText {
  const category = sectorById(incident.sector).categories.find((c) => c.id === incident.category);
  return category?.name ?? { en: incident.category, ar: incident.category };
}
