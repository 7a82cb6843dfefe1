// Helpers for the CAP tests: the OASIS schema checked by xmllint itself (never a hand-written
// list of elements), and warnings to write.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { WarningSchema, type Warning } from '@mirsad/shared';

const run = promisify(execFile);

/** The CAP 1.2 schema kept in the repository. */
export const CAP_SCHEMA = fileURLToPath(new URL('./schema/cap-v1.2.xsd', import.meta.url));

/** The folder of CAP messages written by other systems. */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Every fixture file, as `oasis/…` or `real/…`. */
export function fixtureFiles(): string[] {
  return ['oasis', 'real'].flatMap((folder) =>
    fs
      .readdirSync(path.join(FIXTURES, folder))
      .filter((name) => name.endsWith('.xml'))
      .map((name) => `${folder}/${name}`),
  );
}

/** A fixture's text. */
export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/**
 * Validates documents against the CAP 1.2 schema with xmllint, in one run; resolves to the
 * failures (each naming its document's index and xmllint's complaint), empty when all pass.
 */
export async function xmllintFailures(documents: readonly string[]): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mirsad-cap-'));
  try {
    const files = documents.map((xml, index) => {
      const file = path.join(dir, `${index}.xml`);
      fs.writeFileSync(file, xml);
      return file;
    });
    let stderr: string;
    try {
      ({ stderr } = await run('xmllint', ['--noout', '--nonet', '--schema', CAP_SCHEMA, ...files], {
        maxBuffer: 64 * 1024 * 1024,
      }));
    } catch (error) {
      const failed = error as { stderr?: string; code?: unknown };
      if (typeof failed.stderr !== 'string') throw error;
      stderr = failed.stderr;
    }
    const lines = stderr.split('\n').filter((line) => line !== '' && !line.endsWith(' validates'));
    return lines.map((line) => line.replaceAll(`${dir}/`, 'message '));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const AT = '2026-11-30T17:05:07.123Z';

/** A warning as the room issues it, checked against the shared schema; `overrides` change any field. */
export function sampleWarning(overrides: Partial<Warning> = {}): Warning {
  return WarningSchema.parse({
    id: '6f1c1c2e-2d1b-4c1e-9a59-0c6f5d2e7a10',
    origin: 'authored',
    state: 'issued',
    identifier: 'mirsad.moi.gov.kw.6f1c1c2e-2d1b-4c1e-9a59-0c6f5d2e7a10',
    sender: 'mirsad@moi.gov.kw',
    senderName: 'Ministry of Interior, Kuwait',
    sent: AT,
    status: 'Actual',
    msgType: 'Alert',
    scope: 'Public',
    references: [],
    note: null,
    event: 'Heavy rain',
    category: ['Met'],
    responseType: ['Avoid'],
    urgency: 'Expected',
    severity: 'Severe',
    certainty: 'Likely',
    onset: '2026-11-30T18:00:00.000Z',
    expires: '2026-12-01T06:00:00.000Z',
    info: [
      {
        language: 'ar',
        headline: 'أمطار غزيرة على محافظة العاصمة',
        description: 'يتوقع هطول أمطار غزيرة وتجمع المياه في الأنفاق.',
        instruction: 'تجنبوا الأنفاق والطرق المنخفضة.',
      },
      {
        language: 'en',
        headline: 'Heavy rain over the Capital governorate',
        description: 'Heavy rain is expected; water will collect in underpasses.',
        instruction: 'Avoid underpasses and low roads.',
      },
    ],
    area: {
      description: { ar: 'محافظة العاصمة', en: 'Capital governorate' },
      polygons: [
        {
          type: 'Polygon',
          coordinates: [
            [
              [47.95, 29.35],
              [48.0, 29.35],
              [48.0, 29.4],
              [47.95, 29.4],
              [47.95, 29.35],
            ],
          ],
        },
      ],
      circles: [],
      governorates: [],
      geocodes: [],
    },
    incidentId: null,
    replaces: null,
    replacedBy: null,
    author: { actor: 'user:media', displayName: 'Media Officer' },
    approvedBy: { actor: 'user:commander', displayName: 'Commander' },
    createdAt: AT,
    updatedAt: AT,
    version: 2,
    exerciseId: null,
    ...overrides,
  });
}

/** A CAP message as the Meteorological Department might send it (a test sample, not a real alert). */
export function sampleCapXml(
  options: {
    identifier?: string;
    sender?: string;
    sent?: string;
    status?: string;
    msgType?: 'Alert' | 'Update' | 'Cancel';
    references?: string;
    expires?: string;
    headline?: string;
  } = {},
): string {
  const sent = options.sent ?? '2026-11-30T08:00:00+03:00';
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${options.identifier ?? 'KW-MET-TEST-1'}</identifier>
  <sender>${options.sender ?? 'met.gov.kw'}</sender>
  <sent>${sent}</sent>
  <status>${options.status ?? 'Actual'}</status>
  <msgType>${options.msgType ?? 'Alert'}</msgType>
  <scope>Public</scope>${options.references ? `\n  <references>${options.references}</references>` : ''}
  <info>
    <language>ar</language>
    <category>Met</category>
    <event>أمطار غزيرة</event>
    <responseType>Avoid</responseType>
    <urgency>Expected</urgency>
    <severity>Severe</severity>
    <certainty>Likely</certainty>
    <expires>${options.expires ?? '2099-12-01T08:00:00+03:00'}</expires>
    <senderName>إدارة الأرصاد الجوية</senderName>
    <headline>تحذير من أمطار غزيرة</headline>
    <description>يتوقع هطول أمطار غزيرة على محافظة العاصمة.</description>
    <area>
      <areaDesc>محافظة العاصمة</areaDesc>
      <polygon>29.35,47.95 29.35,48.0 29.4,48.0 29.4,47.95 29.35,47.95</polygon>
    </area>
  </info>
  <info>
    <language>en</language>
    <category>Met</category>
    <event>Heavy rain</event>
    <responseType>Avoid</responseType>
    <urgency>Expected</urgency>
    <severity>Severe</severity>
    <certainty>Likely</certainty>
    <expires>${options.expires ?? '2099-12-01T08:00:00+03:00'}</expires>
    <senderName>Meteorological Department</senderName>
    <headline>${options.headline ?? 'Heavy rain warning'}</headline>
    <description>Heavy rain is expected over the Capital governorate.</description>
    <area>
      <areaDesc>Capital governorate</areaDesc>
      <polygon>29.35,47.95 29.35,48.0 29.4,48.0 29.4,47.95 29.35,47.95</polygon>
    </area>
  </info>
</alert>
`;
}

/** A body of `POST /api/warnings`: heavy rain over a small square of the Capital; `overrides` change any field. */
export function sampleNewWarning(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event: 'Heavy rain',
    category: 'Met',
    urgency: 'Expected',
    severity: 'Severe',
    certainty: 'Likely',
    responseType: 'Avoid',
    expires: '2099-12-01T08:00:00+03:00',
    info: [
      {
        language: 'ar',
        headline: 'أمطار غزيرة على العاصمة',
        description: 'يتوقع تجمع المياه في الأنفاق.',
        instruction: 'تجنبوا الأنفاق.',
      },
      {
        language: 'en',
        headline: 'Heavy rain over the Capital',
        description: 'Water will collect in underpasses.',
        instruction: 'Avoid underpasses.',
      },
    ],
    area: {
      description: { ar: 'العاصمة', en: 'Capital' },
      polygon: {
        type: 'Polygon',
        coordinates: [
          [
            [47.95, 29.35],
            [48.0, 29.35],
            [48.0, 29.4],
            [47.95, 29.35],
          ],
        ],
      },
    },
    ...overrides,
  };
}
