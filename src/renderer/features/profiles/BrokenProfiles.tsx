import type { ProfileSummary } from '../../../shared/models/profile';
import { BrokenProfile } from './ProfileButton';

interface Props {
  readonly profiles: readonly ProfileSummary[];
  /** A filter is typed: the matches are what the user looks for, so they show at once. */
  readonly filtering: boolean;
}

/**
 * Profiles that cannot be used (a source_profile loop, a missing source, a malformed ARN),
 * folded into one line above the list so a config with many of them does not push the
 * working profiles off screen. Opening it — or typing a filter that matches one — shows each
 * with its error. Remounted when filtering starts or stops, so the fold follows the filter
 * and the user's own toggle holds in between.
 */
export function BrokenProfiles({ profiles, filtering }: Props) {
  if (profiles.length === 0) return null;
  const count = profiles.length === 1 ? '1 profile cannot' : `${profiles.length} profiles cannot`;
  return (
    <details key={filtering ? 'filtering' : 'all'} className="profile-broken" open={filtering || undefined}>
      <summary className="profile-broken__summary">
        <span aria-hidden="true">⚠ </span>
        {count} be used
      </summary>
      <ul className="profile-list" aria-label="Profiles that cannot be used">
        {profiles.map((profile) => (
          <li key={profile.name} className="profile-row profile-row--error">
            <BrokenProfile profile={profile} />
          </li>
        ))}
      </ul>
    </details>
  );
}
