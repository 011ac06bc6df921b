import { overfitMessage, type OverfitMessage } from '../../core/teach/overfit';
import { setSettings } from '../../store/actions';
import { useLab } from '../../store/lab';
import { useOverfit } from './useOverfit';

/**
 * A plain-language warning when the curves show overfitting (validation loss rising while training loss falls),
 * with what to do about it; a second one when training diverged. Nothing while the model is still learning or
 * has levelled off. A polite live region announces the verdict once, not every epoch.
 */
/** The headline in bold, then the rest of the sentence and the advice (present mode shows the headline only). */
function BannerText({ message }: { message: OverfitMessage }) {
  const rest = message.text.slice(message.headline.length).replace(/^:\s*/, '');
  return (
    <p title={`${message.text} ${message.advice}`}>
      <strong className="banner-title">
        <span aria-hidden="true">⚠ </span>
        {message.headline}
      </strong>
      <span className="banner-detail">
        {rest ? `: ${rest}` : ''} {message.advice}
      </span>
    </p>
  );
}

export function OverfitBanner() {
  const result = useOverfit();
  const trainSamples = useLab((s) => s.run.counts?.train);
  const training = useLab((s) => s.run.status === 'training');
  const earlyStopOn = useLab((s) => s.settings.earlyStop);
  const show = result.state === 'overfitting' || result.state === 'diverged';
  const message = show ? overfitMessage(result, { trainSamples }) : null;
  const announce =
    result.state === 'overfitting' ? `Overfitting since epoch ${result.since}.` : result.state === 'diverged' ? 'Training diverged.' : '';
  return (
    <>
      <p className="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      {message && result.state === 'overfitting' && (
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
            >
              Switch on early stopping (restores the best epoch)
            </button>
          )}
        </section>
      )}
      {message && result.state === 'diverged' && (
        <section className="banner banner-warn" data-testid="diverged-banner" aria-label="Training diverged">
          <BannerText message={message} />
        </section>
      )}
    </>
  );
}
