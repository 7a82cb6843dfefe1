import { ROLE_NAMES, sectorById } from '@mirsad/shared';
import { useI18n } from '../../i18n/useI18n.js';
import { Button } from '../../ui/Button.js';
import { Menu } from '../../ui/Menu.js';
import { SectorChip } from '../incidents/SectorChip.js';
import { initialsOf } from '../presence/PresenceList.js';
import { useLogoutMutation } from './mutations.js';
import { usePrincipal } from './usePrincipal.js';

/** The signed-in person in the header: name and role, and a menu with their sectors and logout. */
export function UserMenu() {
  const { t, text } = useI18n();
  const principal = usePrincipal();
  const logout = useLogoutMutation();
  const role = text(ROLE_NAMES[principal.role]);
  return (
    <Menu
      className="user-menu"
      buttonClassName="user-menu__button"
      buttonTestId="user-menu"
      panelClassName="user-menu__panel"
      button={
        <>
          <span className="avatar avatar--me" aria-hidden="true">
            {initialsOf(principal.displayName)}
          </span>
          <span className="user-menu__who">
            <span className="user-menu__name">
              <bdi>{principal.displayName}</bdi>
            </span>
            <span className="user-menu__role">{role}</span>
          </span>
        </>
      }
    >
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
      <Button
        variant="danger"
        data-testid="logout"
        disabled={logout.isPending}
        onClick={() => {
          logout.mutate();
        }}
      >
        {t('user.logout')}
      </Button>
    </Menu>
  );
}
