import { useId } from 'react';
import type { Settings } from '../../../shared/models/settings';
import { s3StoragePrices } from '../../../shared/pricing/s3-storage-prices';

interface Props {
  readonly draft: Settings;
  readonly set: <K extends keyof Settings>(key: K, value: Settings[K]) => void;
}

const table: Readonly<Record<string, number>> = s3StoragePrices.regions[s3StoragePrices.fallbackRegion];

/** The storage summary's key limit and the prices its estimates use, over the table shipped with the app. */
export function StorageCostSettings({ draft, set }: Props) {
  const ids = useId();
  const setPrice = (cls: string, text: string): void => {
    const { [cls]: _old, ...rest } = draft.storagePrices;
    const value = Number(text);
    set('storagePrices', text.trim() === '' || !Number.isFinite(value) ? rest : { ...rest, [cls]: value });
  };
  return (
    <fieldset className="settings__group">
      <legend>Storage summary</legend>
      <div className="field">
        <label className="field__label" htmlFor={`${ids}-limit`}>
          List at most (keys)
        </label>
        <input
          id={`${ids}-limit`}
          className="input"
          type="number"
          min={1000}
          max={1_000_000_000}
          step={1}
          required
          value={draft.summaryKeyLimit}
          onChange={(e) => set('summaryKeyLimit', Number(e.target.value))}
        />
        <span className="field__hint">Beyond this, read the bucket's S3 Inventory report instead.</span>
      </div>
      <p className="field__hint settings__note">
        Prices in {s3StoragePrices.currency} per GB-month; empty uses the table shipped with the app (
        {s3StoragePrices.source}, {s3StoragePrices.asOf}) for the bucket's region. A price set here applies in
        every region.
      </p>
      <div className="settings__numbers">
        {Object.keys(table).map((cls) => (
          <div className="field" key={cls}>
            <label className="field__label" htmlFor={`${ids}-${cls}`}>
              {cls}
            </label>
            <input
              id={`${ids}-${cls}`}
              className="input"
              type="number"
              min={0}
              max={10}
              step="any"
              placeholder={String(table[cls])}
              value={draft.storagePrices[cls] ?? ''}
              onChange={(e) => setPrice(cls, e.target.value)}
            />
          </div>
        ))}
      </div>
    </fieldset>
  );
}
