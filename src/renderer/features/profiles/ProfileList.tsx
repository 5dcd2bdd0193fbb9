import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, useState } from 'react';
import type { ProfileSummary } from '../../../shared/models/profile';
import { ProfileButton } from './ProfileButton';

/** A row with a role line; rows with a chain or a warning are measured once rendered. */
const ESTIMATED_ROW = 44;

interface Props {
  readonly profiles: readonly ProfileSummary[];
  /** The sidebar's scroll box, shared with the sign-ins above the list; null until it is mounted. */
  readonly scroller: HTMLElement | null;
  readonly openSources: ReadonlySet<string>;
  readonly currentSource?: string;
  readonly opening?: string;
  readonly onOpen: (name: string) => void;
}

/** How far below the top of the scroll box's content the list starts. */
const offsetWithin = (list: HTMLElement, scroller: HTMLElement): number =>
  list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;

/** Everything laid out above the list inside the scroll box: when one resizes, the list moves. */
function elementsAbove(list: HTMLElement, scroller: HTMLElement): Element[] {
  const found: Element[] = [];
  for (let node: HTMLElement | null = list; node && node !== scroller; node = node.parentElement) {
    for (let sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
      found.push(sibling);
    }
  }
  return found;
}

/**
 * The usable profiles, virtualised: organisations that generate profiles from IAM Identity
 * Center have thousands, and a row per profile in the DOM made the first paint and every
 * filter keystroke cost hundreds of milliseconds. Only the rows in view (plus a few) exist;
 * each says its position in the whole list (aria-setsize/posinset) so a screen reader still
 * announces "12 of 5,000". The list scrolls with the sign-ins above it, in one scroll box.
 */
export function ProfileList({ profiles, scroller, openSources, currentSource, opening, onOpen }: Props) {
  const listRef = useRef<HTMLUListElement>(null);
  const [margin, setMargin] = useState(0);

  // Re-measured after every render and whenever something above the list changes size
  // (a sign-in card opening, an error notice), so the rows in view are the ones rendered.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list || !scroller) return;
    const measure = () => setMargin(offsetWithin(list, scroller));
    measure();
    const observer = new ResizeObserver(measure);
    for (const element of elementsAbove(list, scroller)) observer.observe(element);
    return () => observer.disconnect();
  });

  const virtualizer = useVirtualizer({
    count: profiles.length,
    getScrollElement: () => scroller,
    estimateSize: () => ESTIMATED_ROW,
    overscan: 8,
    scrollMargin: margin,
    getItemKey: (index) => profiles[index]?.name ?? index,
  });

  return (
    <ul
      ref={listRef}
      className="profile-list profile-list--virtual"
      aria-label="AWS profiles"
      style={{ height: virtualizer.getTotalSize() }}
    >
      {virtualizer.getVirtualItems().map((row) => {
        const profile = profiles[row.index];
        if (!profile) return null;
        return (
          <li
            key={profile.name}
            className="profile-row"
            data-index={row.index}
            ref={virtualizer.measureElement}
            aria-setsize={profiles.length}
            aria-posinset={row.index + 1}
            style={{ transform: `translateY(${row.start - margin}px)` }}
          >
            <ProfileButton
              profile={profile}
              open={openSources.has(profile.name)}
              current={currentSource === profile.name}
              opening={opening === profile.name}
              onOpen={onOpen}
            />
          </li>
        );
      })}
    </ul>
  );
}
