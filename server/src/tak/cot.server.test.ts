// The streaming CoT endpoint against real TCP and TLS clients (node:net, node:tls), a real
// server and certificates made by openssl for the run: positions from a registered TAK device
// move its unit, TAK clients receive incidents and units of their sectors as CoT, and what an
// attacker sends (unknown uids, oversized or malformed events, no certificate, another
// sector's unit) moves nothing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COT_MAX_EVENT_BYTES, type Incident, type SensorStats, type Unit } from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { api, signIn, startTestServer, waitFor } from '../test-support.js';
import { CotConfigError, CotServer } from './cot.server.js';
import { incidentUid, unitUid } from './cot.markers.js';

/** A CoT position report as ATAK sends it. */
const position = (uid: string, lon: number, lat: number, callsign = 'PATROL 12'): string => {
  const now = new Date();
  const stale = new Date(now.getTime() + 120_000);
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<event version="2.0" uid="${uid}" type="a-f-G-U-C" time="${now.toISOString()}" start="${now.toISOString()}" stale="${stale.toISOString()}" how="m-g">` +
    `<point lat="${lat}" lon="${lon}" hae="12.0" ce="4.9" le="9999999.0"/>` +
    `<detail><contact callsign="${callsign}" endpoint="*:-1:stcp"/><track course="271.5" speed="8.3"/><__group name="Cyan" role="Team Member"/></detail></event>`
  );
};

/** A TAK client: what it has received so far, and how to send. */
interface TakClient {
  received: () => string;
  send: (text: string | Buffer) => void;
  close: () => void;
  socket: net.Socket;
}

function takClient(socket: net.Socket): TakClient {
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('utf8');
  });
  socket.on('error', () => undefined);
  return {
    received: () => received,
    send: (text) => socket.write(text),
    close: () => socket.destroy(),
    socket,
  };
}

const connectPlain = (port: number): Promise<TakClient> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      resolve(takClient(socket));
    });
    socket.once('error', reject);
  });

/** A traffic report's body. */
const collision = (title: string, coordinates: [number, number], severity = 2) => ({
  sector: 'traffic',
  category: 'collision',
  severity,
  title,
  location: { type: 'Point', coordinates },
});

let server: MirsadServer;
let people: Awaited<ReturnType<typeof signIn>>;

const unitAt = (id: string): Unit | undefined => server.units.listAll().find((unit) => unit.id === id);
const cotStats = async (): Promise<SensorStats['cot']> =>
  ((await api(server.url, 'GET', '/api/sensors/stats', undefined, people.as('admin'))).body as SensorStats)
    .cot;

describe('the CoT endpoint on loopback (plain TCP)', () => {
  let cotPort = 0;

  beforeAll(async () => {
    server = await startTestServer(undefined, { cot: { port: 0, host: '127.0.0.1', tls: null } });
    cotPort = server.cot?.port ?? 0;
    people = await signIn(server.url, ['commander', 'admin', 'traffic', 'fire']);
    for (const [id, sector, type, takUid] of [
      ['tr-12', 'traffic', 'patrol', 'ANDROID-7f3a9c01'],
      ['fr-3', 'fire-marine-rescue', 'fire-engine', 'ANDROID-fire0003'],
    ] as const)
      await people.call(
        'commander',
        'POST',
        '/api/units',
        { id, sector, type, callSign: id.toUpperCase(), takUid },
        201,
      );
  });

  afterAll(async () => {
    await server.close();
  });

  it('refuses a second unit with a TAK uid already taken', async () => {
    const answer = await api(
      server.url,
      'POST',
      '/api/units',
      { id: 'tr-13', sector: 'traffic', type: 'patrol', callSign: 'TR-13', takUid: 'ANDROID-7f3a9c01' },
      people.as('commander'),
    );
    expect(answer.status).toBe(409);
  });

  it('moves a unit by its registered uid, from an event split across reads', async () => {
    const client = await connectPlain(cotPort);
    const xml = position('ANDROID-7f3a9c01', 47.9781, 29.3697);
    const bytes = Buffer.from(xml);
    // Written in pieces, each flushed before the next (the frame reader's own test splits every byte).
    client.socket.setNoDelay(true);
    const cuts = [0, 17, 140, 300, bytes.length];
    for (let i = 0; i + 1 < cuts.length; i++)
      await new Promise<void>((resolve) => {
        client.socket.write(bytes.subarray(cuts[i], cuts[i + 1]), () => {
          resolve();
        });
      });
    await waitFor(() => unitAt('tr-12')?.position?.coordinates[0] === 47.9781, 'the patrol moved');
    expect(unitAt('tr-12')?.position).toMatchObject({
      coordinates: [47.9781, 29.3697],
      headingDeg: 271.5,
      speedMps: 8.3,
    });
    client.close();
  });

  it('sends a TAK client the incidents of its unit’s sector as CoT, new ones as they are reported, and not another sector’s', async () => {
    const fire = await people.call<Incident>(
      'fire',
      'POST',
      '/api/incidents',
      {
        sector: 'fire-marine-rescue',
        category: 'building-fire',
        severity: 3,
        title: 'Fire in Salmiya',
        location: { type: 'Point', coordinates: [48.07, 29.33] },
      },
      201,
    );
    const before = await people.call<Incident>(
      'traffic',
      'POST',
      '/api/incidents',
      collision('Collision on the Fifth Ring', [47.99, 29.33]),
      201,
    );
    const client = await connectPlain(cotPort);
    client.send(position('ANDROID-7f3a9c01', 47.98, 29.37));
    // The registration decides its sectors: the snapshot of traffic follows its first position.
    await waitFor(() => client.received().includes(incidentUid(before.id)), 'the snapshot of traffic');
    const reported = await people.call<Incident>(
      'traffic',
      'POST',
      '/api/incidents',
      {
        sector: 'traffic',
        category: 'collision',
        severity: 4,
        title: 'Pile-up & <fire> at the Jahra gate',
        description: 'Three lanes blocked',
        location: { type: 'Point', coordinates: [47.67, 29.34] },
      },
      201,
    );
    const uid = incidentUid(reported.id);
    // Whole, not only begun: a marker may arrive over several reads.
    await waitFor(
      () =>
        client.received().includes(uid) &&
        client.received().indexOf('</event>', client.received().indexOf(uid)) !== -1,
      'the new incident as CoT',
    );
    const stream = client.received();
    const at = stream.indexOf(uid);
    const marker = stream.slice(
      stream.lastIndexOf('<event', at),
      stream.indexOf('</event>', at) + '</event>'.length,
    );
    expect(marker).toMatch(/^<event version="2.0"/);
    // Well-formed XML whatever the title holds: nothing of it becomes markup.
    expect(() =>
      execFileSync('xmllint', ['--noout', '-'], { input: marker, stdio: ['pipe', 'ignore', 'pipe'] }),
    ).not.toThrow();
    expect(marker).toContain('callsign="[TR] S4 Pile-up &amp; &lt;fire&gt; at the Jahra gate"');
    expect(marker).toContain('<point lat="29.34" lon="47.67"');
    expect(marker).toContain('Three lanes blocked');
    // Another sector's fire never reaches it; nor its own unit's marker echoed back.
    expect(client.received()).not.toContain(incidentUid(fire.id));
    expect(client.received()).not.toContain(unitUid('tr-12'));
    client.close();
  });

  it('ignores and counts unknown uids, malformed and oversized events, and keeps reading after them', async () => {
    const before = await cotStats();
    const client = await connectPlain(cotPort);
    client.send(position('ANDROID-nobody', 47.9, 29.3));
    client.send('<event version="2.0" uid="x" type="a-f-G" time="soon"><point lat="north" lon="1"/></event>');
    client.send(
      `<event version="2.0" uid="big" type="a-f-G"><detail><remarks>${'A'.repeat(COT_MAX_EVENT_BYTES + 10)}</remarks></detail></event>`,
    );
    client.send(position('ANDROID-7f3a9c01', 47.9555, 29.3555));
    await waitFor(
      () => unitAt('tr-12')?.position?.coordinates[0] === 47.9555,
      'the position after the bad events',
    );
    const after = await cotStats();
    expect(after.unknownUids).toBe(before.unknownUids + 1);
    expect(after.malformed).toBe(before.malformed + 1);
    expect(after.oversized).toBe(before.oversized + 1);
    expect(unitAt('tr-12')?.position?.coordinates[0]).toBe(47.9555);
    client.close();
  });

  it('refuses to listen off loopback without TLS, saying what to set', async () => {
    await expect(CotServer.prepare({ port: 0, host: '0.0.0.0', tls: null })).rejects.toThrow(CotConfigError);
    await expect(CotServer.prepare({ port: 0, host: '0.0.0.0', tls: null })).rejects.toThrow(/COT_TLS_CERT/);
    await expect(
      CotServer.prepare({
        port: 0,
        host: '0.0.0.0',
        tls: { certFile: '/nonexistent.pem', keyFile: '/x', caFile: '/y' },
      }),
    ).rejects.toThrow(/COT_TLS_CERT \/nonexistent.pem cannot be read/);
  });
});

describe('the CoT endpoint over TLS with client certificates', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mirsad-cot-tls-'));
  const file = (name: string): string => path.join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'ignore' });
  };
  /** A key and a certificate for `subject`, signed by the CA `ca` (or self-signed). */
  const issue = (name: string, subject: string, ca: string | null, ext?: string): void => {
    openssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.csr`),
      '-subj',
      subject,
    );
    if (ext) fs.writeFileSync(file(`${name}.ext`), ext);
    openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-days',
      '1',
      '-out',
      file(`${name}.pem`),
      ...(ca
        ? ['-CA', file(`${ca}.pem`), '-CAkey', file(`${ca}.key`), '-CAcreateserial']
        : ['-signkey', file(`${name}.key`)]),
      ...(ext ? ['-extfile', file(`${name}.ext`)] : []),
    );
  };
  let tlsServer: MirsadServer;
  let tlsPort = 0;

  const connectTls = (client: string | null): Promise<TakClient> =>
    new Promise((resolve, reject) => {
      const socket = tls.connect({
        host: '127.0.0.1',
        port: tlsPort,
        ca: fs.readFileSync(file('ca.pem')),
        ...(client
          ? { cert: fs.readFileSync(file(`${client}.pem`)), key: fs.readFileSync(file(`${client}.key`)) }
          : {}),
      });
      const taken = takClient(socket);
      socket.once('secureConnect', () => {
        resolve(taken);
      });
      socket.once('error', reject);
    });

  beforeAll(async () => {
    openssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=Mirsad test CA',
    );
    issue('server', '/CN=127.0.0.1', 'ca', 'subjectAltName=IP:127.0.0.1\n');
    issue('patrol', '/CN=patrol-12/OU=traffic', 'ca');
    issue('rogue', '/CN=rogue/OU=traffic', null);
    tlsServer = await startTestServer(undefined, {
      cot: {
        port: 0,
        host: '127.0.0.1',
        tls: { certFile: file('server.pem'), keyFile: file('server.key'), caFile: file('ca.pem') },
      },
    });
    tlsPort = tlsServer.cot?.port ?? 0;
    const commander = await signIn(tlsServer.url, ['commander', 'traffic']);
    for (const [id, sector, type, takUid] of [
      ['tr-20', 'traffic', 'patrol', 'ANDROID-tls00020'],
      ['fr-21', 'fire-marine-rescue', 'fire-engine', 'ANDROID-tls00021'],
    ] as const) {
      await commander.call(
        'commander',
        'POST',
        '/api/units',
        { id, sector, type, callSign: id.toUpperCase(), takUid },
        201,
      );
      await commander.call(
        'commander',
        'POST',
        `/api/units/${id}/position`,
        { coordinates: [47.5, 29.5], headingDeg: null, speedMps: null, at: new Date().toISOString() },
        202,
      );
    }
    await commander.call('traffic', 'POST', '/api/incidents', collision('TLS collision', [47.9, 29.3]), 201);
  });

  afterAll(async () => {
    await tlsServer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const unitOf = (id: string): Unit | undefined => tlsServer.units.listAll().find((unit) => unit.id === id);

  it('refuses a client without a certificate, and one signed by another CA', async () => {
    for (const client of [null, 'rogue']) {
      const outcome = await connectTls(client).then(
        (connected) =>
          new Promise<string>((resolve) => {
            // TLS 1.3 finishes the client's side before the server checks its certificate: the server then closes.
            connected.socket.once('close', () => {
              resolve('closed');
            });
            connected.send(position('ANDROID-tls00020', 47.1, 29.1));
          }),
        (error: unknown) => (error instanceof Error ? 'refused' : 'refused'),
      );
      expect(['closed', 'refused']).toContain(outcome);
    }
    expect(unitOf('tr-20')?.position?.coordinates[0]).toBe(47.5);
  });

  it('moves its sector’s unit, refuses another sector’s, and sends it its sector’s incidents and units', async () => {
    const client = await connectTls('patrol');
    await waitFor(() => client.received().includes('TLS collision'), 'the traffic incidents on connect');
    expect(client.received()).not.toContain(unitUid('fr-21'));
    expect(client.received()).toContain(unitUid('tr-20'));
    client.send(position('ANDROID-tls00021', 47.2, 29.2, 'NOT MINE'));
    client.send(position('ANDROID-tls00020', 47.3, 29.3));
    await waitFor(() => unitOf('tr-20')?.position?.coordinates[0] === 47.3, 'the traffic unit moved');
    expect(unitOf('fr-21')?.position?.coordinates[0]).toBe(47.5);
    expect(tlsServer.cot?.state().refused).toBe(1);
    client.close();
  });
});
