// Every kind of caller the access policy must tell apart, signed in against a real test server:
// for the tests that walk the route table and the log as each of them.
import type { Principal, SectorId } from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { api, login, TEST_PASSWORD } from '../test-support.js';

/** The CAP sender the tests' alerting-authority key is bound to. */
export const MET_SENDER = 'met.gov.kw';

/** One kind of caller: how it authenticates, and who the server should take it for (null: nobody). */
export interface Caller {
  name: string;
  /** A Cookie header value or `Bearer <key>`; undefined for anonymous. */
  credential: string | undefined;
  /** Who the policy is asked about; null when the server must see nobody (anonymous, revoked, disabled). */
  principal: Principal | null;
  /** For people: the username, to sign in afresh where a case ends the session. */
  username?: string;
}

const person = (username: string, role: Principal['role'], sectors: SectorId[]): Principal => ({
  kind: 'user',
  id: username,
  displayName: username,
  role,
  sectors,
  source: null,
});

/**
 * Signs in the test accounts and creates what else is needed: a second trainer, an officer of
 * criminal security (whose sector's series pattern watch finds), two display keys (whole room
 * and traffic only), reporting keys of traffic and of fire and marine rescue, an archive key
 * (loads history, bound to a sector it must still not see), an alerting authority's key (sender
 * MET_SENDER), a second commander, an officer of security media, a revoked key and a disabled
 * account. `traffic` is the trainee of the tests' exercises.
 */
export async function signInCallers(server: MirsadServer): Promise<Caller[]> {
  const url = server.url;
  const admin = await login(url, 'admin');
  const created = async (path: string, body: unknown): Promise<unknown> => {
    const answer = await api(url, 'POST', path, body, admin);
    if (answer.status !== 201) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  await created('/api/accounts', {
    username: 'trainer-2',
    displayName: 'trainer-2',
    role: 'trainer',
    password: TEST_PASSWORD,
  });
  // A second commander (the two-person rule needs one) and an officer of security media (who write warnings).
  await created('/api/accounts', {
    username: 'commander-2',
    displayName: 'commander-2',
    role: 'commander',
    password: TEST_PASSWORD,
  });
  await created('/api/accounts', {
    username: 'media',
    displayName: 'media',
    role: 'officer',
    sectors: ['security-media'],
    password: TEST_PASSWORD,
  });
  await created('/api/accounts', {
    username: 'crime',
    displayName: 'crime',
    role: 'officer',
    sectors: ['criminal-security'],
    password: TEST_PASSWORD,
  });
  await created('/api/accounts', {
    username: 'disabled',
    displayName: 'disabled',
    role: 'officer',
    sectors: ['traffic'],
    password: TEST_PASSWORD,
  });
  const disabledCookie = await login(url, 'disabled');
  await api(url, 'PATCH', '/api/accounts/disabled', { isDisabled: true }, admin);
  const key = async (
    name: string,
    role: 'reporter' | 'display' | 'archive' | 'alerting-authority',
    sectors: SectorId[],
    source = name,
  ): Promise<Caller> => {
    const { key: made, secret } = (await created('/api/keys', {
      name,
      role,
      source,
      sectors,
    })) as { key: { id: string }; secret: string };
    return {
      name,
      credential: `Bearer ${secret}`,
      principal: { kind: 'key', id: made.id, displayName: name, role, sectors, source },
    };
  };
  const revoked = await key('revoked-key', 'reporter', ['traffic']);
  const revokedId = revoked.principal?.id ?? '';
  await api(url, 'DELETE', `/api/keys/${revokedId}`, undefined, admin);
  const people: [string, Principal['role'], SectorId[]][] = [
    ['civil-defence', 'officer', ['civil-defence']],
    ['traffic', 'officer', ['traffic']],
    ['fire', 'officer', ['fire-marine-rescue']],
    ['crime', 'officer', ['criminal-security']],
    ['trainer', 'trainer', []],
    ['trainer-2', 'trainer', []],
    ['commander', 'commander', []],
    ['admin', 'admin', []],
    ['commander-2', 'commander', []],
    ['media', 'officer', ['security-media']],
  ];
  const callers: Caller[] = [{ name: 'anonymous', credential: undefined, principal: null }];
  for (const [username, role, sectors] of people) {
    callers.push({
      name: username,
      credential: await login(url, username),
      principal: person(username, role, sectors),
      username,
    });
  }
  callers.push(
    await key('display-room', 'display', []),
    await key('display-traffic', 'display', ['traffic']),
    await key('tracker-traffic', 'reporter', ['traffic']),
    await key('tracker-fire', 'reporter', ['fire-marine-rescue']),
    await key('archive', 'archive', ['criminal-security']),
    await key('met-authority', 'alerting-authority', [], MET_SENDER),
    { ...revoked, principal: null },
    { name: 'disabled', credential: disabledCookie, principal: null },
  );
  return callers;
}
