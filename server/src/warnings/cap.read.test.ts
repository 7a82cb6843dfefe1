import { describe, expect, it } from 'vitest';
import { CapError, parseCap, type CapIssue } from './cap.read.js';
import { fixture, fixtureFiles, xmllintFailures } from './cap.test-support.js';

/** The issues a refused message names. */
function issuesOf(xml: string): CapIssue[] {
  try {
    parseCap(xml);
  } catch (error) {
    if (error instanceof CapError) return error.issues;
    throw error;
  }
  throw new Error('the message was taken in');
}

const MINIMAL = `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>KW-MET-2026-0042</identifier>
  <sender>met.gov.kw</sender>
  <sent>2026-11-30T08:00:00+03:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>en</language>
    <category>Met</category>
    <event>Heavy rain</event>
    <urgency>Expected</urgency>
    <severity>Severe</severity>
    <certainty>Likely</certainty>
    <expires>2026-11-30T20:00:00+03:00</expires>
    <headline>Heavy rain warning</headline>
    <area>
      <areaDesc>Capital</areaDesc>
      <polygon>29.35,47.95 29.35,48.0 29.4,48.0 29.4,47.95 29.35,47.95</polygon>
    </area>
  </info>
</alert>`;

const replace = (from: string, to: string): string => {
  if (!MINIMAL.includes(from)) throw new Error(`the sample has no ${from}`);
  return MINIMAL.replace(from, to);
};

describe('CAP in: messages written by other systems', () => {
  const files = fixtureFiles();

  it('keeps test files that are valid CAP 1.2 by the schema itself', async () => {
    expect(files.filter((f) => f.startsWith('oasis/'))).toHaveLength(4);
    expect(files.filter((f) => f.startsWith('real/')).length).toBeGreaterThanOrEqual(5);
    expect(await xmllintFailures(files.map(fixture))).toEqual([]);
  });

  it.each(files)('takes in %s', (file) => {
    const cap = parseCap(fixture(file));
    expect(cap.identifier).not.toBe('');
    if (cap.msgType !== 'Cancel') {
      expect(cap.content).not.toBeNull();
      expect(cap.content?.info.length).toBeGreaterThan(0);
    }
  });

  it('reads the standard’s thunderstorm example whole: polygon in GeoJSON order, geocodes, offset time', () => {
    const cap = parseCap(fixture('oasis/cap-1.2-appendix-a2.xml'));
    expect(cap).toMatchObject({
      identifier: 'KSTO1055887203',
      sender: 'KSTO@NWS.NOAA.GOV',
      msgType: 'Alert',
    });
    expect(cap.sent).toBe('2003-06-17T14:57:00-07:00');
    const content = cap.content;
    expect(content?.expires).toBe('2003-06-17T23:00:00.000Z');
    expect(content?.responseType).toEqual(['Shelter']);
    expect(content?.area.polygons[0]?.coordinates[0]?.[0]).toEqual([-120.14, 38.47]);
    expect(content?.area.geocodes).toContainEqual({ valueName: 'SAME', value: '006109' });
    expect(content?.info[0]?.language).toBe('en-US');
  });

  it('reads the earthquake update’s references and circle', () => {
    const cap = parseCap(fixture('oasis/cap-1.2-appendix-a3.xml'));
    expect(cap.msgType).toBe('Update');
    expect(cap.references[0]).toMatchObject({ identifier: 'TRI13970876.1' });
    expect(cap.content?.area.circles[0]?.radiusKm).toBeGreaterThan(0);
  });

  it('reads Environment Canada’s bilingual update: both languages, every reference', () => {
    const cap = parseCap(fixture('real/eccc-special-weather-statement-update.xml'));
    expect(cap.references).toHaveLength(3);
    expect(cap.content?.info.map((info) => info.language)).toEqual(['en-CA', 'fr-CA']);
    expect(cap.content?.area.polygons.length).toBeGreaterThan(0);
  });

  it('reads a message whose every element carries a cap: prefix', () => {
    const cap = parseCap(fixture('real/nsw-rfs-fire-prefixed.xml'));
    expect(cap.content?.category).toEqual(['Fire', 'Met']);
  });
});

describe('CAP in: what is refused, naming the element', () => {
  it('refuses an external entity (XXE) before parsing anything', () => {
    const xxe = MINIMAL.replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0"?>\n<!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    ).replace('<headline>Heavy rain warning</headline>', '<headline>&xxe;</headline>');
    expect(issuesOf(xxe)[0]?.message).toMatch(/DOCTYPE/);
  });

  it('refuses a billion laughs', () => {
    const lol = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n${MINIMAL.replace(/^<\?xml[^>]*>\n/, '').replace('Heavy rain warning', '&lol2;')}`;
    expect(issuesOf(lol)[0]?.message).toMatch(/DOCTYPE/);
  });

  it('leaves an undeclared entity as written instead of expanding anything', () => {
    const cap = parseCap(replace('Heavy rain warning', 'Rain &amp; wind &#233; &unknown;'));
    expect(cap.content?.info[0]?.headline).toBe('Rain & wind é &unknown;');
  });

  it('refuses text that is not well-formed XML', () => {
    expect(issuesOf(replace('</scope>', '</scop>'))[0]?.message).toMatch(/not well-formed/);
  });

  it('refuses another namespace (CAP 1.1)', () => {
    const issues = issuesOf(replace('emergency:cap:1.2', 'emergency:cap:1.1'));
    expect(issues[0]).toMatchObject({ path: 'alert' });
    expect(issues[0]?.message).toMatch(/not CAP 1.2/);
  });

  it.each([
    ['a missing identifier', replace('<identifier>KW-MET-2026-0042</identifier>', ''), 'alert/identifier'],
    [
      'a sender with a space',
      replace('<sender>met.gov.kw</sender>', '<sender>met gov</sender>'),
      'alert/sender',
    ],
    ['an identifier with a comma', replace('KW-MET-2026-0042', 'KW,42'), 'alert/identifier'],
    ['a time in Z', replace('2026-11-30T08:00:00+03:00', '2026-11-30T05:00:00Z'), 'alert/sent'],
    [
      'a time with fractions',
      replace('2026-11-30T08:00:00+03:00', '2026-11-30T08:00:00.5+03:00'),
      'alert/sent',
    ],
    ['an unknown status', replace('<status>Actual</status>', '<status>Real</status>'), 'alert/status'],
    [
      'an unknown urgency',
      replace('<urgency>Expected</urgency>', '<urgency>Soon</urgency>'),
      'alert/info[0]/urgency',
    ],
    ['a missing severity', replace('<severity>Severe</severity>', ''), 'alert/info[0]/severity'],
    [
      'an unknown category',
      replace('<category>Met</category>', '<category>Weather</category>'),
      'alert/info[0]/category[0]',
    ],
    ['a missing event', replace('<event>Heavy rain</event>', ''), 'alert/info[0]/event'],
    ['a missing areaDesc', replace('<areaDesc>Capital</areaDesc>', ''), 'alert/info[0]/area[0]/areaDesc'],
    [
      'a bad expiry',
      replace('<expires>2026-11-30T20:00:00+03:00</expires>', '<expires>tonight</expires>'),
      'alert/info[0]/expires',
    ],
    [
      'an open polygon',
      replace('29.4,47.95 29.35,47.95', '29.4,47.95 29.36,47.95'),
      'alert/info[0]/area[0]/polygon[0]',
    ],
    [
      'a polygon of three points',
      replace(
        '29.35,47.95 29.35,48.0 29.4,48.0 29.4,47.95 29.35,47.95',
        '29.35,47.95 29.35,48.0 29.35,47.95',
      ),
      'alert/info[0]/area[0]/polygon[0]',
    ],
    [
      'a polygon of lon,lat nonsense',
      replace('29.35,48.0 29.4', '129.35,48.0 29.4'),
      'alert/info[0]/area[0]/polygon[0]',
    ],
    [
      'a bad circle',
      replace('<polygon>', '<circle>29.3,47.9</circle><polygon>'),
      'alert/info[0]/area[0]/circle[0]',
    ],
    ['an alert without info', MINIMAL.replace(/<info>[\s\S]*<\/info>/, ''), 'alert/info'],
    [
      'an update without references',
      replace('<msgType>Alert</msgType>', '<msgType>Update</msgType>'),
      'alert/references',
    ],
    [
      'a malformed reference',
      replace(
        '<msgType>Alert</msgType>',
        '<msgType>Update</msgType><references>met.gov.kw,KW-1</references>',
      ),
      'alert/references',
    ],
    [
      'an element where text belongs',
      replace('<event>Heavy rain</event>', '<event><b>x</b></event>'),
      'alert/info[0]/event',
    ],
  ])('refuses %s, naming %s', (_what, xml, path) => {
    expect(issuesOf(xml).map((issue) => issue.path)).toContain(path);
  });

  it('refuses a message larger than a megabyte', () => {
    const huge = replace('Heavy rain warning', 'x'.repeat(1024 * 1024));
    expect(issuesOf(huge)[0]?.message).toMatch(/larger than/);
  });

  it('takes in the minimal message it refuses the variants of', () => {
    expect(parseCap(MINIMAL).content?.event).toBe('Heavy rain');
  });
});
