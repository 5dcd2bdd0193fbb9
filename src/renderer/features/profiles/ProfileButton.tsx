import type { ProfileSummary } from '../../../shared/models/profile';
import { shortenArn } from '../../lib/format';
import { ProfileError } from './ProfileError';

interface Props {
  readonly profile: ProfileSummary;
  /** A session for this profile is open somewhere. */
  readonly open: boolean;
  /** The focused pane shows this profile's session. */
  readonly current: boolean;
  readonly opening: boolean;
  readonly onOpen: (name: string) => void;
}

const kindLabel: Readonly<Record<ProfileSummary['kind'], string>> = {
  static: 'keys',
  role: 'role',
  sso: 'sso',
  process: 'process',
  'credential-source': 'cred source',
  'web-identity': 'web identity',
  none: 'no creds',
};

function RowBody({ profile, open }: Pick<Props, 'profile' | 'open'>) {
  return (
    <>
      <span className="profile-row__line">
        <span className="profile-row__name">{profile.name}</span>
        {open ? (
          <span className="profile-row__open" title="A session is open">
            <span className="visually-hidden">(session open)</span>
          </span>
        ) : null}
        <span className="badge">{kindLabel[profile.kind]}</span>
        {profile.needsMfa ? <span className="badge badge--mfa">MFA</span> : null}
        {profile.region ? <span className="profile-row__region">{profile.region}</span> : null}
      </span>
      {profile.roleArn ? (
        <span className="profile-row__meta mono" title={profile.roleArn}>
          {shortenArn(profile.roleArn)}
        </span>
      ) : null}
      {profile.chain.length > 1 ? (
        <span className="profile-row__meta" title="Role chain, from the profile with credentials">
          {profile.chain.join(' → ')}
        </span>
      ) : null}
      {profile.warnings?.map((warning) => (
        <span key={warning} className="profile-row__warning" title={warning}>
          <span aria-hidden="true">⚠ </span>
          {warning}
        </span>
      ))}
    </>
  );
}

/** A usable profile: opens its session in the focused pane. The list around it supplies the `<li>`. */
export function ProfileButton({ profile, open, current, opening, onOpen }: Props) {
  return (
    <button
      type="button"
      className={current ? 'profile-row__button profile-row__button--current' : 'profile-row__button'}
      aria-current={current ? 'true' : undefined}
      aria-busy={opening || undefined}
      onClick={() => onOpen(profile.name)}
    >
      <RowBody profile={profile} open={open} />
    </button>
  );
}

/** A profile that cannot be used: what it is, and its error explained; not a button. */
export function BrokenProfile({ profile }: { readonly profile: ProfileSummary }) {
  return (
    <div className="profile-row__static">
      <RowBody profile={profile} open={false} />
      {profile.error ? <ProfileError error={profile.error} /> : null}
    </div>
  );
}
