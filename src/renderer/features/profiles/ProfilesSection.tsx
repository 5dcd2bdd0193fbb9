import { useMemo } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { modKeyName } from '../../lib/use-shortcuts';
import { useProfilesStore } from '../../stores/profiles-store';
import { useSessionsStore } from '../../stores/sessions-store';
import { useFocusedPane } from '../../stores/workspace-store';
import { openProfileInFocusedPane } from '../session/open-in-pane';
import { BrokenProfiles } from './BrokenProfiles';
import { filterProfiles } from './filter-profiles';
import { ProfileList } from './ProfileList';

/** The keyboard shortcut (Ctrl/Cmd+K) finds the filter box by this id. */
export const PROFILE_FILTER_ID = 'profile-filter';

const openInFocusedPane = (name: string): void => void openProfileInFocusedPane(name);

interface Props {
  readonly onSwitchRole: () => void;
  /** The sidebar's scroll box, which the profile list virtualises against (null until mounted). */
  readonly scroller: HTMLElement | null;
}

/** The profiles of the config files: the filter, the usable ones, and the ones that cannot be used. */
export function ProfilesSection({ onSwitchRole, scroller }: Props) {
  const snapshot = useProfilesStore((s) => s.snapshot);
  const loading = useProfilesStore((s) => s.loading);
  const loadError = useProfilesStore((s) => s.error);
  const filter = useProfilesStore((s) => s.filter);
  const setFilter = useProfilesStore((s) => s.setFilter);
  const reload = useProfilesStore((s) => s.reload);
  const sessions = useSessionsStore((s) => s.sessions);
  const focusedPane = useFocusedPane();

  const openSources = useMemo(() => new Set(Object.values(sessions).map((s) => s.source)), [sessions]);
  const currentSource = focusedPane.sessionId ? sessions[focusedPane.sessionId]?.source : undefined;
  const profiles = snapshot?.profiles ?? [];
  const [usable, broken] = useMemo(() => {
    const matching = filterProfiles(profiles, filter);
    return [matching.filter((p) => !p.error), matching.filter((p) => p.error)];
  }, [profiles, filter]);

  return (
    <section className="sidebar__profiles" aria-label="Profiles">
      {/* Sticks while the list scrolls, so the filter and Switch role… stay at hand. */}
      <div className="sidebar__top">
        <div className="sidebar__heading">
          <h2 className="sidebar__title">Profiles</h2>
          <button
            type="button"
            className="icon-button"
            aria-label="Reload ~/.aws/config and credentials"
            title="Reload ~/.aws/config and credentials"
            disabled={loading}
            onClick={() => void reload()}
          >
            ⟳
          </button>
        </div>
        <input
          id={PROFILE_FILTER_ID}
          className="input"
          type="search"
          placeholder={`Filter profiles (${modKeyName}+K)`}
          aria-label="Filter profiles"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && filter) {
              e.preventDefault();
              setFilter('');
            }
          }}
        />
        <button type="button" className="button sidebar__switch" onClick={onSwitchRole}>
          Switch role…
        </button>
      </div>
      {loadError ? <ErrorNotice error={loadError} title="Could not read profiles" compact /> : null}
      {snapshot?.fileErrors.map((error) => (
        <ErrorNotice key={`${error.code}:${error.message}`} error={error} compact />
      ))}
      {snapshot && profiles.length === 0 ? (
        <p className="sidebar__empty muted">
          No profiles in <span className="mono">{snapshot.configFile}</span> or{' '}
          <span className="mono">{snapshot.credentialsFile}</span>.
        </p>
      ) : null}
      {profiles.length > 0 && usable.length + broken.length === 0 ? (
        <p className="sidebar__empty muted">No profile matches “{filter}”.</p>
      ) : null}
      <BrokenProfiles profiles={broken} filtering={filter.trim() !== ''} />
      <ProfileList
        profiles={usable}
        scroller={scroller}
        openSources={openSources}
        {...(currentSource ? { currentSource } : {})}
        {...(focusedPane.opening ? { opening: focusedPane.opening } : {})}
        onOpen={openInFocusedPane}
      />
    </section>
  );
}
