import { ROLE_NAMES, RoleSchema, type PresenceEntry } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../i18n/useI18n.js';
import { presenceQueries } from './queries.js';

/** How many people the header shows by name; the rest are counted. */
const SHOWN = 5;

/** Two letters for a name's avatar: the first letters of its first two words. */
export function initialsOf(displayName: string): string {
  const words = displayName.trim().split(/\s+/u).filter(Boolean);
  const letters = words.slice(0, 2).map((word) => Array.from(word)[0] ?? '');
  return letters.join('').toUpperCase() || '?';
}

/** Who is in my rooms now: an avatar each, the name and role on hover, and a count of the rest. */
export function PresenceList() {
  const { t, text, number } = useI18n();
  const { data: people } = useQuery(presenceQueries.current());
  const shown = people.slice(0, SHOWN);
  const more = people.length - shown.length;
  const roleName = (person: PresenceEntry): string => {
    const role = RoleSchema.safeParse(person.role);
    return role.success ? text(ROLE_NAMES[role.data]) : person.role;
  };
  return (
    <div
      className="presence"
      data-testid="presence"
      data-count={people.length}
      aria-label={t('presence.label')}
      role="group"
    >
      <ul className="presence__list">
        {shown.map((person) => (
          <li
            key={person.actor}
            className="presence__person"
            data-actor={person.actor}
            title={`${person.displayName} — ${roleName(person)}`}
          >
            <span className="avatar" aria-hidden="true">
              {initialsOf(person.displayName)}
            </span>
            <span className="sr-only">
              {person.displayName}, {roleName(person)}
            </span>
          </li>
        ))}
      </ul>
      {more > 0 && <span className="presence__more">{t('presence.more', { count: number(more) })}</span>}
      {people.length === 0 && <span className="presence__none">{t('presence.none')}</span>}
    </div>
  );
}
