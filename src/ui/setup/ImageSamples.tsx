import type { ImageFit, ImageSample } from '../../core/import';
import { featureSize } from '../../core/types';
import type { UploadRecord } from '../../store/uploads';
import { ImageThumb } from './ImageThumb';

const FIT_DONE: Record<ImageFit, string> = { crop: 'centre-cropped', pad: 'padded', stretch: 'stretched' };

/**
 * The imported images as the model sees them, one per original size, each with its file and that size: how
 * crop, pad or stretch treated every aspect is visible before training. `data-file` and `data-source-size`
 * let a test find one image and read its pixels from the canvas.
 */
export function ImageSamples({ record }: { record: UploadRecord }) {
  const samples = record.imageSamples;
  const d = record.custom.dataset;
  if (!samples?.length || d.kind !== 'image') return null;
  const per = featureSize(d.shape);
  const fit = record.imageOptions?.fit;
  return (
    <figure className="image-samples" data-testid="image-samples" data-fit={fit ?? 'stretch'}>
      <figcaption className="muted">
        As the model sees them ({d.shape[0]}×{d.shape[1]}, {FIT_DONE[fit ?? 'stretch']}), one per original size:
      </figcaption>
      <ul>
        {samples.map((s) => (
          <SampleItem key={s.index} sample={s} pixels={d.x.subarray(s.index * per, (s.index + 1) * per)} shape={d.shape} />
        ))}
      </ul>
    </figure>
  );
}

function SampleItem({ sample, pixels, shape }: { sample: ImageSample; pixels: Float32Array; shape: number[] }) {
  const name = sample.file.slice(sample.file.lastIndexOf('/') + 1);
  const size = `${sample.width}×${sample.height}`;
  return (
    <li data-testid="image-sample" data-file={sample.file} data-source-size={size}>
      <ImageThumb pixels={pixels} shape={shape} size={56} label={`${sample.file}, ${size}, as the model sees it`} />
      <span className="upload-name" title={sample.file}>
        {name}
      </span>
      <span className="muted">{size}</span>
    </li>
  );
}
