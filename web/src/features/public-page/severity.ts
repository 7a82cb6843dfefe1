import type { CapSeverity } from '@mirsad/shared';
import type { PublicMessageKey } from './messages.js';

/** How the public page names each CAP severity (plain words, not CAP's). */
export const SEVERITY_MESSAGES: Readonly<Record<CapSeverity, PublicMessageKey>> = {
  Extreme: 'public.severity.Extreme',
  Severe: 'public.severity.Severe',
  Moderate: 'public.severity.Moderate',
  Minor: 'public.severity.Minor',
  Unknown: 'public.severity.Unknown',
};
