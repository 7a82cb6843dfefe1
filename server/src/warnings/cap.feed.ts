import type { Warning } from '@mirsad/shared';
import { CAP_MEDIA_TYPE, capTime, xmlText } from './cap.write.js';

/** The Atom feed's own id and title: the index of Mirsad's public CAP messages. */
const FEED_TITLE = 'Public warnings — التحذيرات العامة';

/** When nothing is listed, the feed's `updated`: a fixed time, so an empty feed keeps its ETag. */
const EMPTY_FEED_UPDATED = '2026-01-01T00:00:00.000Z';

const englishFirst = (warning: Warning): Warning['info'][number] | undefined =>
  warning.info.find((info) => info.language.toLowerCase().startsWith('en')) ?? warning.info[0];

/**
 * An Atom (RFC 4287) index of CAP messages, as weather services publish theirs: one entry per
 * message, linking to its CAP document. Everything in it derives from the messages, so the same
 * messages give the same bytes (and ETag).
 */
export function atomFeed(warnings: readonly Warning[], baseUrl: string): string {
  const newest = warnings.reduce<string>((max, w) => ((w.sent ?? '') > max ? (w.sent ?? '') : max), '');
  const updated = capTime(newest || EMPTY_FEED_UPDATED);
  const self = `${baseUrl}/api/cap/feed`;
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n';
  xml += `  <id>${xmlText(self)}</id>\n`;
  xml += `  <title>${xmlText(FEED_TITLE)}</title>\n`;
  xml += `  <updated>${updated}</updated>\n`;
  xml += `  <link rel="self" type="application/atom+xml" href="${xmlText(self)}"/>\n`;
  xml += '  <author><name>Mirsad</name></author>\n';
  for (const warning of warnings) {
    const info = englishFirst(warning);
    const url = `${baseUrl}/api/cap/alerts/${warning.id}`;
    xml += '  <entry>\n';
    xml += `    <id>${xmlText(url)}</id>\n`;
    xml += `    <title>${xmlText(info?.headline ?? warning.event)}</title>\n`;
    xml += `    <updated>${capTime(warning.sent ?? warning.updatedAt)}</updated>\n`;
    xml += `    <author><name>${xmlText(warning.senderName)}</name></author>\n`;
    xml += `    <link rel="alternate" type="${CAP_MEDIA_TYPE}" href="${xmlText(url)}"/>\n`;
    for (const category of warning.category) xml += `    <category term="${xmlText(category)}"/>\n`;
    xml += `    <summary>${xmlText(`${warning.msgType}: ${info?.description ?? warning.event}`)}</summary>\n`;
    xml += '  </entry>\n';
  }
  return `${xml}</feed>\n`;
}
