import './connection.css';
import { useShallow } from 'zustand/react/shallow';
import { useI18n } from '../../i18n/useI18n.js';
import { useConnectionStore, type ConnectionState } from '../../realtime/connectionStore.js';

/** Whether the picture may be behind the log: the link is down. */
const isBehindIn = (state: ConnectionState): boolean => state === 'reconnecting' || state === 'disconnected';

/**
 * The live link's state, always in the header: live, catching up, reconnecting or
 * disconnected, with how old the picture is whenever it may be behind.
 */
export function ConnectionStatus() {
  const { t, time } = useI18n();
  // "As of" only while behind: the session moves it on every second while live (for the wall's
  // ages), and selecting it then re-rendered the header each second of a burst for nothing.
  const { state, problem, dataAsOf } = useConnectionStore(
    useShallow((s) => ({
      state: s.state,
      problem: s.problem,
      dataAsOf: isBehindIn(s.state) ? s.dataAsOf : null,
    })),
  );
  const isBehind = isBehindIn(state);
  return (
    <div
      className={`connection connection--${state}`}
      data-testid="connection-state"
      data-state={state}
      role="status"
      aria-live="polite"
    >
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__label">{t(`connection.${state}`)}</span>
      {isBehind && dataAsOf !== null && (
        <span className="connection__detail">{t('connection.dataAsOf', { time: time(dataAsOf) })}</span>
      )}
      {isBehind && problem !== null && (
        <span className="connection__detail">{t(`connection.problem.${problem}`)}</span>
      )}
    </div>
  );
}
