import { useState } from 'react';
import type { PreviewMode, TextFormat } from '../../../shared/models/objects';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes } from '../../components/format';
import { hexDump } from './bytes';
import { ImageView } from './ImageView';
import { TextView } from './TextView';
import { type LoadedPreview, type PreviewTarget, usePreview } from './use-preview';
import './preview.css';

const formatNames: Readonly<Record<TextFormat, string>> = {
  plain: 'Text',
  json: 'JSON',
  csv: 'CSV',
  tsv: 'TSV',
  markdown: 'Markdown',
  html: 'HTML',
  xml: 'XML',
  svg: 'SVG',
};

const modes: readonly { readonly mode: PreviewMode; readonly label: string }[] = [
  { mode: 'auto', label: 'Auto' },
  { mode: 'text', label: 'Text' },
  { mode: 'hex', label: 'Hex' },
];

function describe(loaded: LoadedPreview): string {
  const { first } = loaded;
  const kind =
    first.kind === 'image'
      ? (first.imageType?.replace('image/', '').replace('+xml', '').toUpperCase() ?? 'Image')
      : first.kind === 'hex'
        ? 'Binary'
        : first.kind === 'empty'
          ? 'Empty'
          : formatNames[first.format ?? 'plain'];
  const shown = first.kind === 'hex' ? loaded.bytes.length : undefined;
  const parts = [kind, formatBytes(first.objectBytes)];
  if (first.gunzipped) parts.push('gzip, decompressed');
  if (shown !== undefined && shown < first.objectBytes) parts.push(`first ${formatBytes(shown)} shown`);
  return parts.join(' · ');
}

/**
 * The preview of the selected object: fetched by main in ranged pieces, shown as text, a
 * table, a JSON tree, an image or a hex dump. Nothing from the object is ever run or
 * rendered as markup. The parent keys it by object, so a new object starts fresh.
 */
export function PreviewPane(target: PreviewTarget) {
  const [mode, setMode] = useState<PreviewMode>('auto');
  const { state, loadMore } = usePreview(target, mode);
  const name = target.objectKey.slice(target.objectKey.lastIndexOf('/') + 1) || target.objectKey;

  return (
    <section className="preview" aria-label="Preview" aria-busy={state.status === 'loading'}>
      <div className="preview__bar">
        <fieldset className="segmented" aria-label="Show as">
          {modes.map((m) => (
            <button
              key={m.mode}
              type="button"
              className={mode === m.mode ? 'button button--pressed' : 'button'}
              aria-pressed={mode === m.mode}
              onClick={() => setMode(m.mode)}
            >
              {m.label}
            </button>
          ))}
        </fieldset>
        {state.status === 'ready' ? (
          <span className="preview__info muted">{describe(state.loaded)}</span>
        ) : null}
      </div>
      <div className="preview__body">
        {state.status === 'loading' ? <p className="muted">Loading preview…</p> : null}
        {state.status === 'error' ? (
          <ErrorNotice error={state.error} title="Could not preview the object" compact />
        ) : null}
        {state.status === 'ready' ? <Body loaded={state.loaded} name={name} /> : null}
      </div>
      {state.status === 'ready' &&
      (state.loaded.note || state.loaded.nextOffset !== undefined || state.moreError) ? (
        <footer className="preview__footer">
          {state.loaded.note ? <p className="muted">{state.loaded.note}</p> : null}
          {state.moreError ? (
            <ErrorNotice error={state.moreError} title="Could not load more" compact />
          ) : null}
          {state.loaded.nextOffset !== undefined ? (
            <button type="button" className="button" disabled={state.loadingMore} onClick={loadMore}>
              {state.loadingMore ? 'Loading…' : 'Load more'}
            </button>
          ) : null}
        </footer>
      ) : null}
    </section>
  );
}

function Body({ loaded, name }: { loaded: LoadedPreview; name: string }) {
  const { first } = loaded;
  if (first.kind === 'empty') return <p className="muted">This object is empty.</p>;
  if (first.kind === 'image' && first.base64 && first.imageType) {
    return <ImageView base64={first.base64} imageType={first.imageType} name={name} />;
  }
  if (first.kind === 'hex') return <pre className="preview__hex">{hexDump(loaded.bytes, first.offset)}</pre>;
  return (
    <TextView
      format={first.format ?? 'plain'}
      text={loaded.text}
      complete={loaded.nextOffset === undefined}
    />
  );
}
