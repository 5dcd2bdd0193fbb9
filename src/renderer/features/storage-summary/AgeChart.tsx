import { ageBandLabels, ageBands, type ClassAgeCell } from '../../../shared/models/storage-summary';
import { formatBytes } from '../../components/format';
import { classColor, orderClasses } from './class-colors';

interface Props {
  readonly cells: readonly ClassAgeCell[];
}

/** Bytes per age band, each bar stacked by storage class: what is old, and where it sits. */
export function AgeChart({ cells }: Props) {
  const classes = orderClasses(cells.map((c) => c.storageClass));
  const bands = ageBands.map((age) => {
    const parts = classes
      .map((cls) => ({ cls, bytes: cells.find((c) => c.age === age && c.storageClass === cls)?.bytes ?? 0 }))
      .filter((p) => p.bytes > 0);
    return { age, parts, bytes: parts.reduce((s, p) => s + p.bytes, 0) };
  });
  const max = Math.max(1, ...bands.map((b) => b.bytes));
  return (
    <div
      className="storage-ages"
      role="img"
      aria-label="Bytes by age and storage class (the table view lists them)"
    >
      {bands.map((band) => (
        <div key={band.age} className="storage-ages__row">
          <span className="storage-ages__label">{ageBandLabels[band.age]}</span>
          <span className="storage-ages__track">
            {band.parts.map((p) => (
              <span
                key={p.cls}
                className="storage-ages__bar"
                title={`${p.cls}: ${formatBytes(p.bytes)}`}
                style={{ width: `${(p.bytes / max) * 100}%`, background: classColor(p.cls) }}
              />
            ))}
          </span>
          <span className="storage-ages__value">{formatBytes(band.bytes)}</span>
        </div>
      ))}
    </div>
  );
}

/** The storage classes present, with their colours. */
export function ClassLegend({ classes }: { readonly classes: readonly string[] }) {
  return (
    <ul className="storage-legend" aria-label="Storage classes">
      {orderClasses(classes).map((cls) => (
        <li key={cls}>
          <span className="storage-legend__swatch" style={{ background: classColor(cls) }} />
          {cls}
        </li>
      ))}
    </ul>
  );
}
