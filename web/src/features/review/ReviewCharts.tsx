import {
  SECTOR_IDS,
  sectorById,
  type ClientConfig,
  type ResponseMilestone,
  type ReviewSummary,
} from '@mirsad/shared';
import type { ReactNode } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useI18n } from '../../i18n/useI18n.js';
import type { MessageKey } from '../../i18n/messages.js';

/** The name of each stretch of the response. */
export const MILESTONE_LABELS: Readonly<Record<ResponseMilestone, MessageKey>> = {
  acknowledge: 'review.milestone.acknowledge',
  dispatch: 'review.milestone.dispatch',
  onScene: 'review.milestone.onScene',
  contained: 'review.milestone.contained',
  closed: 'review.milestone.closed',
};

/**
 * How the charts are drawn: on screen they fill their box and animate; in the printed report
 * they have a fixed width and no animation, so they are whole when the page is printed.
 */
export interface ChartLayout {
  isStatic: boolean;
  /** Fixed width in px when static. */
  width?: number;
  height: number;
}

const AXIS_TICK = { fill: 'var(--chart-text)', fontSize: 12 };
const TOOLTIP_STYLE = {
  background: 'var(--chart-tooltip)',
  border: '1px solid var(--chart-grid)',
  color: 'var(--chart-text)',
};

function Frame({ layout, children }: { layout: ChartLayout; children: ReactNode }) {
  // Recharts measures a responsive container after it mounts; a fixed size draws at once.
  if (layout.isStatic)
    return <div style={{ inlineSize: layout.width, blockSize: layout.height }}>{children}</div>;
  return (
    <ResponsiveContainer width="100%" height={layout.height}>
      {children as React.ReactElement}
    </ResponsiveContainer>
  );
}

/** A chart's own size (recharts ignores it inside a responsive container) and its margins, px. */
function chartSize(layout: ChartLayout, top: number) {
  return { width: layout.width, height: layout.height, margin: { top, right: 8, left: 8, bottom: 4 } };
}

function ChartSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="review-chart" data-testid={`chart-${id}`} aria-label={title}>
      <h3 className="review-chart__title">{title}</h3>
      {children}
    </section>
  );
}

function useAxes() {
  const { locale, shortTime } = useI18n();
  const isRtl = locale === 'ar';
  return {
    isRtl,
    timeAxis: (extra: { dataKey: string }) => (
      <XAxis
        dataKey={extra.dataKey}
        type="number"
        scale="time"
        domain={['dataMin', 'dataMax']}
        tickFormatter={(ms: number) => shortTime(ms)}
        reversed={isRtl}
        tick={AXIS_TICK}
        stroke="var(--chart-grid)"
        minTickGap={24}
      />
    ),
    valueAxis: () => (
      <YAxis
        orientation={isRtl ? 'right' : 'left'}
        allowDecimals={false}
        tick={AXIS_TICK}
        stroke="var(--chart-grid)"
        width={44}
      />
    ),
  };
}

/** Incidents reported per hour, stacked by sector in the sectors' own colours. */
export function IncidentsPerHourChart({ summary, layout }: { summary: ReviewSummary; layout: ChartLayout }) {
  const { t, text, shortTime } = useI18n();
  const { isRtl, valueAxis } = useAxes();
  const sectors = SECTOR_IDS.filter((id) =>
    summary.incidentsPerHour.some((row) => (row.counts[id] ?? 0) > 0),
  );
  const data = summary.incidentsPerHour.map((row) => ({ hour: shortTime(row.start), ...row.counts }));
  return (
    <ChartSection id="per-hour" title={t('review.chart.perHour')}>
      <Frame layout={layout}>
        <BarChart data={data} {...chartSize(layout, 8)}>
          <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="hour" reversed={isRtl} tick={AXIS_TICK} stroke="var(--chart-grid)" />
          {valueAxis()}
          <Tooltip contentStyle={TOOLTIP_STYLE} cursor={{ fill: 'var(--chart-cursor)' }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {sectors.map((id) => (
            <Bar
              key={id}
              dataKey={id}
              name={text(sectorById(id).name)}
              stackId="sectors"
              fill={sectorById(id).color}
              stroke="var(--chart-bar-edge)"
              isAnimationActive={!layout.isStatic}
            />
          ))}
        </BarChart>
      </Frame>
    </ChartSection>
  );
}

/** The target of a stretch for a severity, minutes; null for stretches without one. */
export function targetMinutes(
  targets: ClientConfig['responseTargets'] | undefined,
  severity: number,
  milestone: ResponseMilestone,
): number | null {
  const target = targets?.[String(severity) as keyof ClientConfig['responseTargets']];
  if (!target) return null;
  if (milestone === 'acknowledge') return target.acknowledgeS / 60;
  if (milestone === 'dispatch') return target.dispatchS / 60;
  return null;
}

/** Median and 90th percentile of one stretch per sector, in minutes, against the target line. */
export function ResponseTimesChart({
  summary,
  milestone,
  targetSeverity,
  targets,
  layout,
}: {
  summary: ReviewSummary;
  milestone: ResponseMilestone;
  targetSeverity: number;
  targets: ClientConfig['responseTargets'] | undefined;
  layout: ChartLayout;
}) {
  const { t, text, number } = useI18n();
  const { isRtl, valueAxis } = useAxes();
  const rows = summary.responseTimes.filter((d) => d.milestone === milestone && d.count > 0);
  const data = rows.map((d) => ({
    sector: text(sectorById(d.sector).name),
    median: Math.round(((d.medianS ?? 0) / 60) * 10) / 10,
    p90: Math.round(((d.p90S ?? 0) / 60) * 10) / 10,
  }));
  const target = targetMinutes(targets, targetSeverity, milestone);
  const title = t('review.chart.responseTimes', { milestone: t(MILESTONE_LABELS[milestone]) });
  return (
    <ChartSection id={`response-${milestone}`} title={title}>
      {data.length === 0 ? (
        <p className="muted review-chart__empty">{t('review.chart.noResponses')}</p>
      ) : (
        <Frame layout={layout}>
          <BarChart data={data} {...chartSize(layout, 16)}>
            <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="sector"
              reversed={isRtl}
              tick={AXIS_TICK}
              stroke="var(--chart-grid)"
              interval={0}
            />
            {valueAxis()}
            <Tooltip contentStyle={TOOLTIP_STYLE} cursor={{ fill: 'var(--chart-cursor)' }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar
              dataKey="median"
              name={t('review.chart.median')}
              fill="var(--chart-median)"
              isAnimationActive={!layout.isStatic}
            />
            <Bar
              dataKey="p90"
              name={t('review.chart.p90')}
              fill="var(--chart-p90)"
              isAnimationActive={!layout.isStatic}
            />
            {target !== null && (
              <ReferenceLine
                y={target}
                stroke="var(--chart-target)"
                strokeWidth={2}
                strokeDasharray="6 4"
                ifOverflow="extendDomain"
                label={{
                  value: t('review.chart.target', {
                    minutes: number(target),
                    severity: number(targetSeverity),
                  }),
                  position: 'insideTop',
                  fill: 'var(--chart-target)',
                  fontSize: 12,
                }}
              />
            )}
          </BarChart>
        </Frame>
      )}
    </ChartSection>
  );
}

/** Open incidents through the range. */
export function OpenOverTimeChart({ summary, layout }: { summary: ReviewSummary; layout: ChartLayout }) {
  const { t } = useI18n();
  const { timeAxis, valueAxis } = useAxes();
  const data = summary.openOverTime.map((p) => ({ ms: Date.parse(p.at), open: p.open }));
  return (
    <ChartSection id="open" title={t('review.chart.open')}>
      <Frame layout={layout}>
        <AreaChart data={data} {...chartSize(layout, 8)}>
          <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" vertical={false} />
          {timeAxis({ dataKey: 'ms' })}
          {valueAxis()}
          <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={() => ''} />
          <Area
            type="stepAfter"
            dataKey="open"
            name={t('review.chart.openSeries')}
            stroke="var(--chart-open)"
            fill="var(--chart-open)"
            fillOpacity={0.25}
            isAnimationActive={!layout.isStatic}
          />
        </AreaChart>
      </Frame>
    </ChartSection>
  );
}

/** Units busy (assigned, en route, on scene) against all units, through the range. */
export function UnitsBusyChart({ summary, layout }: { summary: ReviewSummary; layout: ChartLayout }) {
  const { t } = useI18n();
  const { timeAxis, valueAxis } = useAxes();
  const data = summary.unitsBusyOverTime.map((p) => ({ ms: Date.parse(p.at), busy: p.busy, total: p.total }));
  return (
    <ChartSection id="units" title={t('review.chart.units')}>
      <Frame layout={layout}>
        <LineChart data={data} {...chartSize(layout, 8)}>
          <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" vertical={false} />
          {timeAxis({ dataKey: 'ms' })}
          {valueAxis()}
          <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={() => ''} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line
            type="stepAfter"
            dataKey="busy"
            name={t('review.chart.busy')}
            stroke="var(--chart-busy)"
            strokeWidth={2}
            dot={false}
            isAnimationActive={!layout.isStatic}
          />
          <Line
            type="stepAfter"
            dataKey="total"
            name={t('review.chart.total')}
            stroke="var(--chart-total)"
            strokeDasharray="4 3"
            dot={false}
            isAnimationActive={!layout.isStatic}
          />
        </LineChart>
      </Frame>
    </ChartSection>
  );
}

/** Every chart of the review, for the page and the report. */
export function ReviewChartSet({
  summary,
  layout,
  milestones,
  targetSeverity,
  targets,
}: {
  summary: ReviewSummary;
  layout: ChartLayout;
  milestones: readonly ResponseMilestone[];
  targetSeverity: number;
  targets: ClientConfig['responseTargets'] | undefined;
}) {
  return (
    <>
      <IncidentsPerHourChart summary={summary} layout={layout} />
      {milestones.map((milestone) => (
        <ResponseTimesChart
          key={milestone}
          summary={summary}
          milestone={milestone}
          targetSeverity={targetSeverity}
          targets={targets}
          layout={layout}
        />
      ))}
      <OpenOverTimeChart summary={summary} layout={layout} />
      <UnitsBusyChart summary={summary} layout={layout} />
    </>
  );
}

/** The severity whose target line the response charts draw: the one filtered on, else "serious" (3). */
export function targetSeverityOf(severities: readonly number[] | undefined): number {
  return severities?.length === 1 ? (severities[0] ?? 3) : 3;
}
