import { useEffect, useMemo, useState } from 'react';
import type { PreviewImageType } from '../../../shared/models/objects';
import { fromBase64 } from './bytes';

interface Props {
  readonly base64: string;
  /** What main recognised the bytes as; the blob is typed with this, never with S3's Content-Type. */
  readonly imageType: PreviewImageType;
  readonly name: string;
}

/**
 * Draws the image from a blob URL the page made itself (CSP: `img-src blob:`). An SVG goes
 * through `<img>` as well, never inline: in an image context it runs no script and loads
 * nothing, whatever it contains.
 */
export function ImageView({ base64, imageType, name }: Props) {
  const url = useMemo(
    () => URL.createObjectURL(new Blob([fromBase64(base64)], { type: imageType })),
    [base64, imageType],
  );
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  const [size, setSize] = useState<{ width: number; height: number }>();
  const [broken, setBroken] = useState(false);

  return (
    <figure className="preview__figure">
      {broken ? (
        <p className="muted">The image could not be decoded.</p>
      ) : (
        <img
          // Icons and sprites are drawn larger, with crisp pixels, so there is something to see.
          className={
            size && Math.max(size.width, size.height) < 128
              ? 'preview__image preview__image--small'
              : 'preview__image'
          }
          src={url}
          alt={`Preview of ${name}`}
          onLoad={(e) =>
            setSize({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })
          }
          onError={() => setBroken(true)}
        />
      )}
      {size ? (
        <figcaption className="muted">
          {size.width} × {size.height} px
        </figcaption>
      ) : null}
    </figure>
  );
}
