import { Component, useEffect, type ErrorInfo, type ReactNode } from 'react';
import { errorText } from '../i18n/errorText.js';
import type { MessageKey } from '../i18n/messages.js';
import { useI18n } from '../i18n/useI18n.js';
import { Button } from './Button.js';
import './ui.css';

/** The parts of a page that fail alone, each named in the message that says it failed. */
export type PanelId =
  | 'page'
  | 'header'
  | 'map'
  | 'list'
  | 'incident'
  | 'side'
  | 'figures'
  | 'ticker'
  | 'charts'
  | 'console'
  | 'patterns';

const PANEL_NAMES: Readonly<Record<PanelId, MessageKey>> = {
  page: 'boundary.panel.page',
  header: 'boundary.panel.header',
  map: 'boundary.panel.map',
  list: 'boundary.panel.list',
  incident: 'boundary.panel.incident',
  side: 'boundary.panel.side',
  figures: 'boundary.panel.figures',
  ticker: 'boundary.panel.ticker',
  charts: 'boundary.panel.charts',
  patterns: 'boundary.panel.patterns',
  console: 'boundary.panel.console',
};

interface Props {
  panel: PanelId;
  /**
   * Try again by itself after this many ms (a wall display has nobody to press Retry); null
   * waits for a person.
   */
  autoRetryMs?: number | null;
  children: ReactNode;
}

interface State {
  error: unknown;
  hasError: boolean;
}

/**
 * Keeps a render error inside one panel: the panel says what failed, in the page's language,
 * with a Retry button, and the rest of the page keeps working. React needs a class for this.
 */
export class PanelBoundary extends Component<Props, State> {
  override state: State = { error: null, hasError: false };

  static getDerivedStateFromError(error: unknown): State {
    return { error, hasError: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // For whoever opens the console; the person in front of the screen reads the panel's note.
    console.error(`[mirsad] the ${this.props.panel} panel failed`, error, info.componentStack);
  }

  private readonly retry = () => {
    this.setState({ error: null, hasError: false });
  };

  override render(): ReactNode {
    if (!this.state.hasError) return this.props.children;
    return (
      <PanelFailure
        panel={this.props.panel}
        error={this.state.error}
        autoRetryMs={this.props.autoRetryMs ?? null}
        onRetry={this.retry}
      />
    );
  }
}

function PanelFailure({
  panel,
  error,
  autoRetryMs,
  onRetry,
}: {
  panel: PanelId;
  error: unknown;
  autoRetryMs: number | null;
  onRetry: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  useEffect(() => {
    if (autoRetryMs === null) return;
    const timer = setTimeout(onRetry, autoRetryMs);
    return () => {
      clearTimeout(timer);
    };
  }, [autoRetryMs, onRetry]);
  return (
    <div className="panel-failure" role="alert" data-testid={`panel-failure-${panel}`}>
      <p className="panel-failure__what">{t('boundary.failed', { panel: t(PANEL_NAMES[panel]) })}</p>
      <p className="panel-failure__why">{errorText(i18n, error)}</p>
      {autoRetryMs === null ? (
        <Button onClick={onRetry} data-testid="panel-retry">
          {t('list.retry')}
        </Button>
      ) : (
        <p className="panel-failure__auto">
          {t('boundary.autoRetry', { seconds: Math.ceil(autoRetryMs / 1000) })}
        </p>
      )}
    </div>
  );
}
