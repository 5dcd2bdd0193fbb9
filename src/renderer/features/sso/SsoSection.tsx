import { ErrorNotice } from '../../components/ErrorNotice';
import { useSsoStore } from '../../stores/sso-store';
import { SsoLoginCard } from './SsoLoginCard';
import './sso.css';

/** The sidebar's IAM Identity Center part: one card per sign-in the config files describe. */
export function SsoSection() {
  const logins = useSsoStore((s) => s.snapshot.logins);
  const loadError = useSsoStore((s) => s.loadError);
  if (logins.length === 0 && !loadError) return null;
  return (
    <section className="sso" aria-label="IAM Identity Center">
      <div className="sidebar__heading">
        <h2 className="sidebar__title">IAM Identity Center</h2>
      </div>
      {loadError ? <ErrorNotice error={loadError} compact /> : null}
      {logins.map((login) => (
        <SsoLoginCard key={login.id} login={login} />
      ))}
    </section>
  );
}
