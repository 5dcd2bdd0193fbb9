import { crumbsOf, EMPTY_NAME_LABEL, type Location } from './address';

interface Props {
  readonly location: Location;
  readonly onGo: (location: Location) => void;
}

export function Breadcrumbs({ location, onGo }: Props) {
  if (location.bucket === undefined) return null;
  const bucket = location.bucket;
  const crumbs = crumbsOf(location.prefix);
  return (
    <nav className="breadcrumbs" aria-label="Folder path">
      <ol>
        <li>
          <button type="button" className="link-button" onClick={() => onGo({ prefix: '' })}>
            Buckets
          </button>
        </li>
        <li>
          <button
            type="button"
            className="link-button mono"
            aria-current={crumbs.length === 0 ? 'page' : undefined}
            onClick={() => onGo({ bucket, prefix: '' })}
          >
            {bucket}
          </button>
        </li>
        {crumbs.map((crumb, i) => (
          <li key={crumb.prefix}>
            <button
              type="button"
              className="link-button mono"
              aria-current={i === crumbs.length - 1 ? 'page' : undefined}
              onClick={() => onGo({ bucket, prefix: crumb.prefix })}
            >
              {crumb.label === '' ? <em>{EMPTY_NAME_LABEL}</em> : crumb.label}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
