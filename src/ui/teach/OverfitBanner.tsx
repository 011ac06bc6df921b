import { overfitMessage, WATCH_MESSAGE, type OverfitMessage } from '../../core/teach/overfit';
import { setSettings } from '../../store/actions';
import { useLab } from '../../store/lab';
import { useOverfit } from './useOverfit';
import { useVisibleRun } from '../training/useVisibleRun';

/** The headline in bold, then the rest of the sentence and the advice (present mode shows the headline only). */
function BannerText({ message }: { message: OverfitMessage }) {
  const rest = message.text.slice(message.headline.length).replace(/^:\s*/, '');
  return (
    <p title={`${message.text} ${message.advice}`}>
      <strong className="banner-title">
        {message.tone === 'warning' && <span aria-hidden="true">⚠ </span>}
        {message.headline}
      </strong>
      <span className="banner-detail">
        {rest ? `: ${rest}` : ''} {message.advice}
      </span>
    </p>
  );
}

/**
 * What the curves show, in one line that is always there: a plain-language warning when they show overfitting
 * (validation loss rising while training loss falls), with what to do about it, or when training diverged;
 * otherwise a quiet verdict (still learning, levelled off, too early) or, before any epoch, what to watch for.
 * The line keeps its place so the charts below never resize mid-run. A polite live region announces a warning
 * once, not every epoch.
 */
export function OverfitBanner() {
  const result = useOverfit();
  const anyEpoch = useVisibleRun().history.length > 0;
  const trainSamples = useLab((s) => s.run.counts?.train);
  const training = useLab((s) => s.run.status === 'training');
  const earlyStopOn = useLab((s) => s.settings.earlyStop);
  const message = anyEpoch ? overfitMessage(result, { trainSamples }) : WATCH_MESSAGE;
  const announce =
    result.state === 'overfitting' ? `Overfitting since epoch ${result.since}.` : result.state === 'diverged' ? 'Training diverged.' : '';
  return (
    <>
      <p className="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      {message.tone === 'info' && (
        <section className="banner banner-info" data-testid="verdict" data-state={message.state} aria-label="What the curves show">
          <BannerText message={message} />
        </section>
      )}
      {result.state === 'overfitting' && (
        <section
          className="banner banner-warn"
          data-testid="overfit-banner"
          data-epoch={result.since ?? undefined}
          data-best-epoch={result.bestEpoch ?? undefined}
          aria-label="Overfitting warning"
        >
          <BannerText message={message} />
          {!earlyStopOn && (
            <button
              type="button"
              data-testid="apply-early-stopping"
              disabled={training}
              onClick={() => setSettings({ earlyStop: true, esRestore: true })}
              title="The next run stops when validation loss stops improving, and keeps the best epoch's weights."
            >
              Switch on early stopping
            </button>
          )}
        </section>
      )}
      {result.state === 'diverged' && (
        <section className="banner banner-warn" data-testid="diverged-banner" aria-label="Training diverged">
          <BannerText message={message} />
        </section>
      )}
    </>
  );
}
