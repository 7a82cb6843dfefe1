import './login.css';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import { LanguageSwitch } from '../../app/LanguageSwitch.js';
import { ApiRequestError } from '../../api/http.js';
import { errorText } from '../../i18n/errorText.js';
import { forgetSession } from '../../realtime/lifecycle.js';
import { useI18n, type I18n } from '../../i18n/useI18n.js';
import { retryAtOf, tooManyAttemptsOf } from './lockout.js';
import { useLoginMutation } from './mutations.js';

function loginErrorText(i18n: I18n, error: unknown): string {
  if (!(error instanceof ApiRequestError)) return errorText(i18n, error);
  switch (error.status) {
    case 401:
    case 400:
      return i18n.t('login.wrong');
    case 403:
      return i18n.t('login.disabled');
    case 429: {
      const refusal = tooManyAttemptsOf(error.rawBody);
      if (!refusal) return i18n.t('login.locked');
      const time = i18n.time(retryAtOf(refusal, Date.now()));
      return refusal.error === 'locked'
        ? i18n.t('login.lockedUntil', { time })
        : i18n.t('login.rateLimited', { time });
    }
    default:
      return errorText(i18n, error);
  }
}

/**
 * The sign-in page, shown whenever nobody is signed in or the session was lost. It speaks
 * both languages (the switch is on the page) and says why a sign-in failed: wrong name or
 * password, a locked or disabled account, or a server out of reach.
 */
export function LoginScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const login = useLoginMutation();

  // Whoever was signed in is gone and their room has unmounted: drop what they saw.
  useEffect(() => {
    forgetSession(queryClient);
  }, [queryClient]);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const passwordRef = useRef<HTMLInputElement>(null);
  const userId = useId();
  const passwordId = useId();

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (username.trim() === '' || password === '') return;
    login.mutate(
      { username: username.trim().toLowerCase(), password },
      {
        onError: () => {
          setPassword('');
          passwordRef.current?.focus();
        },
      },
    );
  };

  return (
    <main className="login">
      <div className="login__lang">
        <LanguageSwitch />
      </div>
      <form className="login__card" data-testid="login-form" onSubmit={submit} aria-labelledby="login-title">
        <div className="login__brand" aria-hidden="true">
          <span className="login__mark" />
        </div>
        <h1 id="login-title" className="login__title">
          {t('app.title')}
        </h1>
        <p className="login__subtitle">{t('login.subtitle')}</p>
        <label className="field" htmlFor={userId}>
          <span className="field__label">{t('login.username')}</span>
          <input
            id={userId}
            className="input"
            data-testid="login-username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            dir="ltr"
            required
            autoFocus
            value={username}
            onChange={(event) => {
              setUsername(event.target.value);
            }}
          />
        </label>
        <label className="field" htmlFor={passwordId}>
          <span className="field__label">{t('login.password')}</span>
          <input
            id={passwordId}
            ref={passwordRef}
            className="input"
            data-testid="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            dir="ltr"
            required
            value={password}
            onChange={(event) => {
              setPassword(event.target.value);
            }}
          />
        </label>
        {login.isError && (
          <p className="form-message" role="alert" data-testid="login-error">
            {loginErrorText(i18n, login.error)}
          </p>
        )}
        <button
          type="submit"
          className="button button--primary login__submit"
          data-testid="login-submit"
          disabled={login.isPending}
        >
          {login.isPending ? t('login.signingIn') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
