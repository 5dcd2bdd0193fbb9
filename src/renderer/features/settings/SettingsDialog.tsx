import { type FormEvent, useId, useMemo, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import type { Settings } from '../../../shared/models/settings';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { call, toAppError } from '../../lib/api';
import { accountOfArn } from '../../lib/format';
import { consoleColors, sessionColor } from '../../lib/session-color';
import { useProfilesStore } from '../../stores/profiles-store';
import { useSettingsStore } from '../../stores/settings-store';
import { StorageCostSettings } from './StorageCostSettings';
import './settings-dialog.css';

interface Props {
  readonly onClose: () => void;
}

interface NumberFieldSpec {
  readonly key:
    | 'parallelFiles'
    | 'partSizeMiB'
    | 'partConcurrency'
    | 'batchThresholdObjects'
    | 'batchThresholdGiB';
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly hint: string;
}

// Bounds mirror main's schema, so the browser's own number input stops most mistakes.
const numberFields: readonly NumberFieldSpec[] = [
  {
    key: 'parallelFiles',
    label: 'Files at once',
    min: 1,
    max: 32,
    hint: 'Large files in parallel; files up to 1 MiB run 16 to each.',
  },
  {
    key: 'partSizeMiB',
    label: 'Part size (MiB)',
    min: 5,
    max: 5120,
    hint: 'At least 5 MiB; grows by itself for files over 10,000 parts.',
  },
  {
    key: 'partConcurrency',
    label: 'Parts per file',
    min: 1,
    max: 64,
    hint: 'Parts of one file in flight. More helps on long, fast links.',
  },
  {
    key: 'batchThresholdObjects',
    label: 'S3 Batch Operations past (objects)',
    min: 1,
    max: 1_000_000_000,
    hint: 'Copies of more objects than this are offered to AWS’s own engine.',
  },
  {
    key: 'batchThresholdGiB',
    label: 'S3 Batch Operations past (GiB)',
    min: 1,
    max: 10_000_000,
    hint: 'Or of more bytes than this (1024 GiB is 1 TiB).',
  },
];

export function SettingsDialog({ onClose }: Props) {
  const saved = useSettingsStore((s) => s.settings);
  const update = useSettingsStore((s) => s.update);
  const profiles = useProfilesStore((s) => s.snapshot?.profiles);
  const [draft, setDraft] = useState<Settings>(saved);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<AppError>();
  const ids = useId();
  // The swatch shows the colour a session would get today, derived from the role's account.
  const profileAccounts = useMemo(
    () => (profiles ?? []).map((p) => [p.name, p.roleArn ? accountOfArn(p.roleArn) : undefined] as const),
    [profiles],
  );

  const set = <K extends keyof Settings>(key: K, value: Settings[K]): void =>
    setDraft((d) => ({ ...d, [key]: value }));

  const pickFolder = async (): Promise<void> => {
    try {
      const dir = await call('pickDirectory', { title: 'Download folder' });
      if (dir) set('downloadDir', dir);
    } catch (err) {
      setError(toAppError(err));
    }
  };

  const setColor = (profile: string, color: string): void =>
    setDraft((d) => {
      const { [profile]: _old, ...rest } = d.sessionColors;
      return { ...d, sessionColors: color ? { ...rest, [profile]: color } : rest };
    });

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setPending(true);
    setError(undefined);
    try {
      const { downloadDir, ...rest } = draft;
      await update(downloadDir ? { ...rest, downloadDir } : rest);
      onClose();
    } catch (err) {
      setError(toAppError(err));
      setPending(false);
    }
  };

  return (
    <Dialog
      title="Settings"
      wide
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${ids}-form`} className="button button--primary" disabled={pending}>
            {pending ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <form id={`${ids}-form`} className="settings" onSubmit={(e) => void save(e)}>
        <fieldset className="settings__group">
          <legend>Transfers</legend>
          <div className="field">
            <span className="field__label" id={`${ids}-dir-label`}>
              Download folder
            </span>
            <div className="settings__folder">
              <output
                className={draft.downloadDir ? 'settings__path mono' : 'settings__path muted'}
                aria-labelledby={`${ids}-dir-label`}
              >
                {draft.downloadDir ?? 'Not set: you will be asked on each download'}
              </output>
              <button type="button" className="button" onClick={() => void pickFolder()}>
                Choose…
              </button>
            </div>
          </div>
          <div className="settings__numbers">
            {numberFields.map((f) => (
              <div className="field" key={f.key}>
                <label className="field__label" htmlFor={`${ids}-${f.key}`}>
                  {f.label}
                </label>
                <input
                  id={`${ids}-${f.key}`}
                  className="input"
                  type="number"
                  min={f.min}
                  max={f.max}
                  step={1}
                  required
                  value={draft[f.key]}
                  onChange={(e) => set(f.key, Number(e.target.value))}
                />
                <span className="field__hint">{f.hint}</span>
              </div>
            ))}
          </div>
          <label className="field field--inline">
            <input
              type="checkbox"
              checked={draft.confirmDelete === 'always'}
              onChange={(e) => set('confirmDelete', e.target.checked ? 'always' : 'never')}
            />
            Ask before deleting objects
          </label>
        </fieldset>

        <fieldset className="settings__group">
          <legend>IAM Identity Center</legend>
          <div className="field field--inline">
            <label className="field__label" htmlFor={`${ids}-sso`}>
              Sign in with
            </label>
            <select
              id={`${ids}-sso`}
              className="select"
              value={draft.ssoSignIn}
              onChange={(e) => set('ssoSignIn', e.target.value as Settings['ssoSignIn'])}
            >
              <option value="browser">This computer's browser (as the AWS CLI)</option>
              <option value="device-code">A device code (browser anywhere)</option>
            </select>
          </div>
          <p className="field__hint settings__note">
            A device code lets you approve the sign-in in a browser on another device. Profiles with
            sso_start_url in the profile itself always use one, as in the AWS CLI.
          </p>
        </fieldset>

        <StorageCostSettings draft={draft} set={set} />

        <fieldset className="settings__group">
          <legend>Appearance</legend>
          <div className="field field--inline">
            <label className="field__label" htmlFor={`${ids}-theme`}>
              Theme
            </label>
            <select
              id={`${ids}-theme`}
              className="select"
              value={draft.theme}
              onChange={(e) => set('theme', e.target.value as Settings['theme'])}
            >
              <option value="system">Follow the system</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </div>
        </fieldset>

        <fieldset className="settings__group">
          <legend>Session colours</legend>
          <p className="field__hint settings__note">
            By default each account gets a colour from the AWS Console palette. Pick one to pin it per
            profile.
          </p>
          {profileAccounts.length === 0 ? <p className="muted">No profiles.</p> : null}
          <ul className="settings__colors">
            {profileAccounts.map(([name, account]) => (
              <li key={name} className="settings__color-row">
                <label htmlFor={`${ids}-color-${name}`} className="settings__color-name">
                  {name}
                </label>
                <select
                  id={`${ids}-color-${name}`}
                  className="select"
                  value={draft.sessionColors[name] ?? ''}
                  onChange={(e) => setColor(name, e.target.value)}
                >
                  <option value="">From the account</option>
                  {consoleColors.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.name}
                    </option>
                  ))}
                  {draft.sessionColors[name] &&
                  !consoleColors.some((c) => c.value === draft.sessionColors[name]) ? (
                    <option value={draft.sessionColors[name]}>{draft.sessionColors[name]}</option>
                  ) : null}
                </select>
                <input
                  type="color"
                  className="settings__swatch"
                  aria-label={`Custom colour for ${name}`}
                  value={sessionColor(name, account, draft.sessionColors)}
                  onChange={(e) => setColor(name, e.target.value)}
                />
              </li>
            ))}
          </ul>
        </fieldset>
      </form>
      {error ? <ErrorNotice error={error} title="Settings not saved" /> : null}
    </Dialog>
  );
}
