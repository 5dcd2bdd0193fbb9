import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import type { AdhocRole } from '../../../shared/models/profile';
import { parseSsoRoleSource } from '../../../shared/models/sso';
import { partitionOfArn } from '../../../shared/s3-address/partition';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { call, toAppError } from '../../lib/api';
import { writeClipboard } from '../../lib/clipboard';
import { formatDuration } from '../../lib/format';
import { useProfilesStore } from '../../stores/profiles-store';
import { useSessionsStore } from '../../stores/sessions-store';
import { useFocusedPane } from '../../stores/workspace-store';
import { openAdhocInFocusedPane } from '../session/open-in-pane';
import { renderProfileBlock } from './profile-block';
import { RecentRoles } from './RecentRoles';
import {
  emptyForm,
  formFromRole,
  type RoleForm,
  type RoleFormErrors,
  roleFromForm,
  splitRoleArn,
  validateRole,
} from './role-form';
import './switch-role.css';

interface Props {
  readonly onClose: () => void;
}

const durations = [900, 3600, 7200, 14_400, 28_800, 43_200] as const;

type TextField = Exclude<keyof RoleForm, 'remember' | 'sourceProfile' | 'durationSeconds'>;

/** Like the Console's "Switch role": assume a role by account and name from a source profile. */
export function SwitchRoleDialog({ onClose }: Props) {
  const profiles = useProfilesStore((s) => s.snapshot?.profiles ?? []);
  const sources = profiles.filter((p) => !p.error);
  const defaultSource = useProfilesStore((s) => s.snapshot?.defaultProfile);
  const sessions = useSessionsStore((s) => s.sessions);
  const focused = useFocusedPane();
  // Open IAM Identity Center roles have no profile; they can still be the source of a switch.
  const ssoSources = useMemo(() => {
    const bySource = new Map<string, string>();
    for (const s of Object.values(sessions))
      if (parseSsoRoleSource(s.source)) bySource.set(s.source, s.label);
    return [...bySource];
  }, [sessions]);
  const focusedSource = focused.sessionId ? sessions[focused.sessionId]?.source : undefined;
  const [form, setForm] = useState<RoleForm>(() =>
    emptyForm(
      (focusedSource && parseSsoRoleSource(focusedSource) ? focusedSource : undefined) ??
        sources.find((p) => p.name === defaultSource)?.name ??
        sources[0]?.name ??
        '',
    ),
  );
  const fromSso = parseSsoRoleSource(form.sourceProfile) !== undefined;
  const [touched, setTouched] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<AppError>();
  const [copied, setCopied] = useState(false);
  const [recent, setRecent] = useState<readonly AdhocRole[]>([]);
  const [recentError, setRecentError] = useState<AppError>();
  const ids = useId();

  useEffect(() => {
    call('listRecentRoles', {}).then(setRecent, (err: unknown) => setRecentError(toAppError(err)));
  }, []);

  const errors: RoleFormErrors = touched ? validateRole(form) : {};
  const set = <K extends keyof RoleForm>(key: K, value: RoleForm[K]): void => {
    setForm((f) => ({ ...f, [key]: value }));
    setCopied(false);
  };

  const switchTo = async (role: AdhocRole, remember: boolean): Promise<void> => {
    setPending(true);
    setError(undefined);
    try {
      await openAdhocInFocusedPane(role, remember);
      onClose();
    } catch (err) {
      setError(toAppError(err));
      setPending(false);
    }
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setTouched(true);
    if (Object.keys(validateRole(form)).length > 0) return;
    void switchTo(roleFromForm(form), form.remember);
  };

  const copyBlock = async (): Promise<void> => {
    setTouched(true);
    if (Object.keys(validateRole(form)).length > 0) return;
    const source = profiles.find((p) => p.name === form.sourceProfile);
    const text = renderProfileBlock(roleFromForm(form), partitionOfArn(source?.roleArn ?? source?.mfaSerial));
    try {
      await writeClipboard(text);
      setCopied(true);
    } catch (err) {
      setError(toAppError(err));
    }
  };

  const forget = async (index: number): Promise<void> => {
    try {
      setRecent(await call('forgetRecentRole', { index }));
    } catch (err) {
      setRecentError(toAppError(err));
    }
  };

  const textField = (key: TextField, label: string, hint?: string, placeholder?: string) => {
    const id = `${ids}-${key}`;
    const message = errors[key];
    return (
      <div className="field">
        <label className="field__label" htmlFor={id}>
          {label}
        </label>
        <input
          id={id}
          className="input"
          value={form[key]}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={message ? true : undefined}
          aria-describedby={message || hint ? `${id}-note` : undefined}
          onChange={(e) => set(key, e.target.value)}
        />
        {message ? (
          <span id={`${id}-note`} className="field__error">
            {message}
          </span>
        ) : hint ? (
          <span id={`${id}-note`} className="field__hint">
            {hint}
          </span>
        ) : null}
      </div>
    );
  };

  return (
    <Dialog
      title="Switch role"
      wide
      onClose={onClose}
      footer={
        <>
          <button
            type="button"
            className="button"
            disabled={fromSso}
            title={
              fromSso
                ? 'An Identity Center role has no profile name to use as source_profile: copy its profile block from the sidebar first.'
                : undefined
            }
            onClick={() => void copyBlock()}
          >
            {copied ? 'Copied profile block' : 'Copy as profile block'}
          </button>
          <span className="switch-role__spacer" />
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${ids}-form`} className="button button--primary" disabled={pending}>
            {pending ? 'Switching…' : 'Switch role'}
          </button>
        </>
      }
    >
      <form id={`${ids}-form`} className="switch-role__grid" onSubmit={submit} noValidate>
        <div className="field switch-role__wide">
          <label className="field__label" htmlFor={`${ids}-source`}>
            Source profile
          </label>
          <select
            id={`${ids}-source`}
            className="select"
            value={form.sourceProfile}
            aria-invalid={errors.sourceProfile ? true : undefined}
            onChange={(e) => set('sourceProfile', e.target.value)}
          >
            {sources.length === 0 ? <option value="">No usable profile</option> : null}
            {sources.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
            {ssoSources.length > 0 ? (
              <optgroup label="IAM Identity Center sessions">
                {ssoSources.map(([source, label]) => (
                  <option key={source} value={source}>
                    {label}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
          {errors.sourceProfile ? <span className="field__error">{errors.sourceProfile}</span> : null}
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${ids}-accountId`}>
            Account ID
          </label>
          <input
            id={`${ids}-accountId`}
            data-autofocus
            className="input mono"
            value={form.accountId}
            placeholder="e.g. 123456789012"
            inputMode="numeric"
            autoComplete="off"
            aria-invalid={errors.accountId ? true : undefined}
            onChange={(e) => {
              const parsed = splitRoleArn(e.target.value);
              if (parsed) setForm((f) => ({ ...f, ...parsed }));
              else set('accountId', e.target.value.replace(/[\s-]/g, ''));
            }}
          />
          <span className={errors.accountId ? 'field__error' : 'field__hint'}>
            {errors.accountId ?? 'Or paste a role ARN.'}
          </span>
        </div>
        {textField('roleName', 'Role name', undefined, 'e.g. ReadOnly')}
        {textField('externalId', 'External ID', 'Only if the role’s trust policy asks for one.')}
        {textField('mfaSerial', 'MFA device', 'ARN of your MFA device, if the role needs MFA.')}
        <div className="field">
          <label className="field__label" htmlFor={`${ids}-duration`}>
            Duration
          </label>
          <select
            id={`${ids}-duration`}
            className="select"
            value={form.durationSeconds}
            onChange={(e) => set('durationSeconds', e.target.value)}
          >
            <option value="">Role default</option>
            {durations.map((d) => (
              <option key={d} value={String(d)}>
                {formatDuration(d)}
              </option>
            ))}
          </select>
        </div>
        {textField('roleSessionName', 'Session name', undefined, 'crossbucket-…')}
        {textField('region', 'Region', 'Defaults to the source profile’s region.', 'e.g. eu-west-1')}
        {textField('label', 'Display name', undefined, 'e.g. prod-readonly')}
        <label className="field field--inline switch-role__wide">
          <input
            type="checkbox"
            checked={form.remember}
            onChange={(e) => set('remember', e.target.checked)}
          />
          Remember in recent roles
        </label>
      </form>
      {error ? <ErrorNotice error={error} title="Could not switch role" /> : null}
      <RecentRoles
        roles={recent}
        error={recentError}
        disabled={pending}
        onUse={(role) => void switchTo(role, false)}
        onEdit={(role) => setForm(formFromRole(role))}
        onForget={(index) => void forget(index)}
      />
    </Dialog>
  );
}
