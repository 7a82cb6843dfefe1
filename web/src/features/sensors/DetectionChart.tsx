import type { Incident, RecordedDetection } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../i18n/useI18n.js';
import { isThermalSource, sensorQueries } from './queries.js';
import './sensors.css';

const WIDTH = 320;
const HEIGHT = 120;
const PAD = { start: 34, end: 8, top: 8, bottom: 18 } as const;

/** A round ceiling for the temperature axis, °C: the next 100 above the hottest point. */
function axisTop(maxTempC: number): number {
  return Math.max(100, Math.ceil((maxTempC * 1.05) / 100) * 100);
}

/**
 * The hottest point of each detection over time, as a small SVG line chart (the room does not
 * load a chart library for one line). Its summary is its accessible name; the page's direction
 * does not flip time, which runs left to right in both languages as on every chart.
 */
export function DetectionChart({ detections }: { detections: readonly RecordedDetection[] }) {
  const { t, number, time } = useI18n();
  if (detections.length === 0) return <p className="muted">{t('sensors.chart.empty')}</p>;
  const points = detections.map((detection) => ({ atMs: Date.parse(detection.at), detection }));
  const first = points[0]?.atMs ?? 0;
  const last = points[points.length - 1]?.atMs ?? first;
  const max = Math.max(...detections.map((detection) => detection.maxTempC));
  const top = axisTop(max);
  const spanMs = Math.max(1, last - first);
  const x = (atMs: number) =>
    points.length === 1
      ? (PAD.start + WIDTH - PAD.end) / 2
      : PAD.start + ((atMs - first) / spanMs) * (WIDTH - PAD.start - PAD.end);
  const y = (tempC: number) => PAD.top + (1 - tempC / top) * (HEIGHT - PAD.top - PAD.bottom);
  const summary = t('sensors.chart.summary', {
    count: detections.length,
    max: number(Math.round(max)),
    last: number(Math.round(detections[detections.length - 1]?.maxTempC ?? 0)),
  });
  return (
    <figure className="detection-chart" data-testid="detection-chart">
      {/* Time runs left to right in both languages, as on every chart: the SVG is laid out LTR. */}
      <div dir="ltr">
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
          {[0, top / 2, top].map((tempC) => (
            <g key={tempC}>
              <line
                className="detection-chart__grid"
                x1={PAD.start}
                x2={WIDTH - PAD.end}
                y1={y(tempC)}
                y2={y(tempC)}
              />
              <text className="detection-chart__axis" x={PAD.start - 4} y={y(tempC) + 3} textAnchor="end">
                {number(tempC)}
              </text>
            </g>
          ))}
          <polyline
            className="detection-chart__line"
            points={points.map((point) => `${x(point.atMs)},${y(point.detection.maxTempC)}`).join(' ')}
          />
          {points.map(({ atMs, detection }) => (
            <circle
              key={detection.id}
              data-testid="detection-point"
              cx={x(atMs)}
              cy={y(detection.maxTempC)}
              r={detection.outcome === 'reported' ? 4.5 : 3}
              fill={detection.outcome === 'reported' ? '#b91c1c' : '#f97316'}
            >
              <title>
                {`${time(detection.at)} · ${t('sensors.tempC', { temp: number(Math.round(detection.maxTempC)) })} · ${t(
                  detection.outcome === 'reported' ? 'sensors.chart.reported' : 'sensors.chart.attached',
                )}`}
              </title>
            </circle>
          ))}
          <text className="detection-chart__axis" x={PAD.start} y={HEIGHT - 4} textAnchor="start">
            {time(first)}
          </text>
          {points.length > 1 && (
            <text className="detection-chart__axis" x={WIDTH - PAD.end} y={HEIGHT - 4} textAnchor="end">
              {time(last)}
            </text>
          )}
        </svg>
      </div>
      <figcaption className="muted" data-testid="detection-summary">
        {summary}
      </figcaption>
    </figure>
  );
}

/** The incident panel's thermal history: shown for an incident a camera reported, or that detections joined. */
export function IncidentDetections({ incident }: { incident: Pick<Incident, 'id' | 'source'> }) {
  const { t } = useI18n();
  const query = useQuery(sensorQueries.detections(incident.id));
  const detections = query.data ?? [];
  // An incident neither reported by a camera nor joined by a detection has no thermal history to show.
  if (!isThermalSource(incident.source) && detections.length === 0) return null;
  return (
    <section className="panel-section" aria-labelledby="detections-title" data-testid="incident-detections">
      <h3 id="detections-title" className="panel-section__title">
        {t('sensors.chart.title')}
      </h3>
      {query.isPending ? (
        <p className="muted">{t('sensors.chart.loading')}</p>
      ) : query.isError ? (
        <p className="muted" role="alert">
          {t('sensors.chart.error')}
        </p>
      ) : (
        <DetectionChart detections={detections} />
      )}
    </section>
  );
}
