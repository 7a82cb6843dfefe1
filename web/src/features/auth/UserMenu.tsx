import { ROLE_NAMES, sectorById } from '@mirsad/shared';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/useI18n.js';
import { SectorChip } from '../incidents/SectorChip.js';
import { initialsOf } from '../presence/PresenceList.js';
import { useLogoutMutation } from './mutations.js';
import { usePrincipal } from './usePrincipal.js';

/** The signed-in person in the header: name and role, and a menu with their sectors and logout. */
export function UserMenu() {
  const { t, text } = useI18n();
  const principal = usePrincipal();
  const logout = useLogoutMutation();
  const [isOpen, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);

  // Closes on a click elsewhere or Escape, as menus do.
  useEffect(() => {
    if (!isOpen) return;
    const onPointer = (event: PointerEvent): void => {
      if (!rootRef.current?.contains(event.target as Node | null)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return;
      // Escape closes the menu, not the incident behind it (the shortcuts skip handled keys).
      event.preventDefault();
      setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [isOpen]);

  const role = text(ROLE_NAMES[principal.role]);
  return (
    <div className="user-menu" ref={rootRef}>
      <button
        type="button"
        className="user-menu__button"
        data-testid="user-menu"
        aria-haspopup="true"
        aria-expanded={isOpen}
        aria-controls="user-menu-panel"
        onClick={() => {
          setOpen(!isOpen);
        }}
      >
        <span className="avatar avatar--me" aria-hidden="true">
          {initialsOf(principal.displayName)}
        </span>
        <span className="user-menu__who">
          <span className="user-menu__name">
            <bdi>{principal.displayName}</bdi>
          </span>
          <span className="user-menu__role">{role}</span>
        </span>
      </button>
      {isOpen && (
        <div className="user-menu__panel" id="user-menu-panel">
          <p className="user-menu__name">
            <bdi>{principal.displayName}</bdi>
          </p>
          <p className="muted">
            {role} · <bdi className="mono">{principal.id}</bdi>
          </p>
          <h3 className="panel-title">{t('user.sectors')}</h3>
          {principal.sectors.length === 0 ? (
            <p className="muted">{t('user.allSectors')}</p>
          ) : (
            <ul className="user-menu__sectors" data-testid="user-sectors">
              {principal.sectors.map((sector) => (
                <li key={sector}>
                  <SectorChip sector={sector} />
                  {text(sectorById(sector).name)}
                </li>
              ))}
            </ul>
          )}
          <button
            type="button"
            className="button button--danger"
            data-testid="logout"
            disabled={logout.isPending}
            onClick={() => {
              logout.mutate();
            }}
          >
            {t('user.logout')}
          </button>
        </div>
      )}
    </div>
  );
}
