import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { formatCount } from '../../components/format';
import { type ListingState, useBrowserStore } from '../../stores/browser-store';
import type { PaneId } from '../../stores/workspace-store';

interface Props {
  readonly paneId: PaneId;
  readonly listing: ListingState;
  readonly filter: string;
  readonly startsWith: string;
  readonly shown: number;
  /** Further controls of the list (Show deleted). */
  readonly children?: ReactNode;
}

/** "12,345 keys loaded…" while streaming, "100,000 keys" once done. */
function counterText(listing: ListingState): string {
  if (listing.error && listing.keysLoaded === 0) return '';
  if (!listing.done)
    return listing.keysLoaded === 0 ? 'Loading…' : `${formatCount(listing.keysLoaded)} keys loaded…`;
  return `${formatCount(listing.keysLoaded)} ${listing.keysLoaded === 1 ? 'key' : 'keys'}`;
}

/**
 * Two ways to narrow: the filter works on rows already loaded, instantly; the search asks S3
 * for keys starting with the text, which is the only fast way in a folder of millions.
 */
export function ListControls({ paneId, listing, filter, startsWith, shown, children }: Props) {
  const setFilter = useBrowserStore((s) => s.setFilter);
  const search = useBrowserStore((s) => s.search);
  const [query, setQuery] = useState(startsWith);
  useEffect(() => setQuery(startsWith), [startsWith]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    search(paneId, query);
  };

  return (
    <div className="list-controls">
      <input
        className="input list-controls__filter"
        type="search"
        aria-label="Filter loaded rows by name"
        placeholder="Filter loaded rows"
        value={filter}
        onChange={(e) => setFilter(paneId, e.target.value)}
      />
      <form className="list-controls__search" onSubmit={submit} aria-label="Search keys on S3">
        <input
          className="input mono"
          type="search"
          aria-label="Keys starting with"
          placeholder="Starts with… (server-side)"
          value={query}
          spellCheck={false}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="submit" className="button">
          Search
        </button>
        {startsWith ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              setQuery('');
              search(paneId, '');
            }}
          >
            Clear search
          </button>
        ) : null}
      </form>
      {children}
      <span className="list-controls__counter">
        {counterText(listing)}
        {filter !== '' ? ` · ${formatCount(shown)} shown` : ''}
      </span>
    </div>
  );
}
