import { drawTargetFor } from '../../core/inside/drawing';
import { useInside } from '../../store/inside';
import { Panel } from '../common/Panel';
import { DrawPad } from './DrawPad';
import { ImageDrop } from './ImageDrop';
import { imageRgba, saliencyRgba } from './pixels';
import { PixelCanvas } from './PixelCanvas';
import { ProbabilityBars } from './ProbabilityBars';

/** Side of the processed-input and saliency previews, CSS pixels. */
const PREVIEW = 112;

/**
 * Try your own input: a drawing pad for the digits and Fashion-MNIST models, drop or paste for any image
 * model. Beside it, exactly what the model receives, where its top class looked (saliency), and the bars.
 */
export function OwnInput({ dataset, shape, classNames }: { dataset: string; shape: number[]; classNames: string[] }) {
  const own = useInside((s) => s.own);
  const target = drawTargetFor(dataset, shape);
  const [h, w, c] = shape;
  const explanation = own?.answer?.explanation ?? null;
  return (
    <Panel title="Try your own input" className="inside-own">
      <div className="own-row">
        {target && (
          <DrawPad
            target={target}
            hint={
              dataset === 'fashion' ? 'Fashion-MNIST items are solid shapes: colour yours in.' : 'Draw one digit, large, in the middle.'
            }
          />
        )}
        <div className="own-preview">
          {own ? (
            <>
              <figure>
                <PixelCanvas rgba={imageRgba(own.input, c)} width={w} height={h} size={PREVIEW} label="Your input as the model sees it" />
                <figcaption>
                  What the model sees ({h}×{w})
                </figcaption>
              </figure>
              {explanation && (
                <figure>
                  <PixelCanvas
                    rgba={saliencyRgba(own.answer!.input, c, explanation.saliency)}
                    width={w}
                    height={h}
                    size={PREVIEW}
                    label={`Saliency for ${classNames[explanation.predicted] ?? explanation.predicted}`}
                  />
                  <figcaption>Saliency: pixels that most move “{classNames[explanation.predicted] ?? explanation.predicted}”</figcaption>
                </figure>
              )}
            </>
          ) : (
            <p className="muted">
              {target
                ? 'Draw a' + (dataset === 'digits' ? ' digit' : 'n item of clothing') + ' on the pad, or drop an image.'
                : 'Drop or paste an image to classify it.'}
            </p>
          )}
        </div>
        {explanation && (
          <div className="own-bars">
            <h3>Prediction: {classNames[explanation.predicted] ?? explanation.predicted}</h3>
            <ProbabilityBars
              probabilities={explanation.probabilities}
              classNames={classNames}
              testId="draw-prediction"
              label="Probability of each class for your input"
              busy={own?.answer?.input !== own?.input}
            />
          </div>
        )}
      </div>
      {own?.error && (
        <p className="inside-error" role="alert">
          {own.error}
        </p>
      )}
      <ImageDrop shape={shape} target={target} />
    </Panel>
  );
}
