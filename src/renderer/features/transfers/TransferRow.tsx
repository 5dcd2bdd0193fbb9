import type { TransferItem, TransferStatus } from '../../../shared/models/transfer';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatRate } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';
import { SessionChip } from '../../components/SessionChip';
import { useSessionColor } from '../../lib/use-session-color';
import { useSession, useSessionsStore } from '../../stores/sessions-store';
import { type TransferCommand, useTransfersStore } from '../../stores/transfers-store';
import { AccessScopeContext } from '../access/access-scope';
import { shownSource } from './shown-source';
import { statusText, verificationText } from './status-text';

const DIRECTION = {
  upload: { icon: '↑', label: 'Upload' },
  download: { icon: '↓', label: 'Download' },
  copy: { icon: '⇄', label: 'Copy' },
} as const;

/** Which commands make sense in each state; the rest are not offered. */
const COMMANDS: Readonly<Record<TransferStatus, readonly TransferCommand[]>> = {
  queued: ['pause', 'cancel'],
  running: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  'waiting-credentials': ['cancel'],
  'waiting-conflict': ['cancel'],
  // Resume opens the sessions it waits for (asking for MFA if needed).
  interrupted: ['resume', 'cancel'],
  done: [],
  skipped: [],
  failed: ['retry'],
  cancelled: ['retry'],
};

const COMMAND_LABEL: Readonly<Record<TransferCommand, string>> = {
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
  retry: 'Retry',
};

interface Props {
  readonly item: TransferItem;
}

const sessionNames = (labels: readonly string[]) =>
  labels.map((label, i) => (
    <span key={label}>
      {i > 0 ? ' and ' : null}
      <strong>{label}</strong>
    </span>
  ));

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export function TransferRow({ item }: Props) {
  const command = useTransfersStore((s) => s.command);
  const renew = useSessionsStore((s) => s.renew);
  const session = useSession(item.sessionId);
  const color = useSessionColor(session);
  const direction = DIRECTION[item.direction];
  const percent =
    item.bytesTotal > 0
      ? Math.floor((item.bytesDone / item.bytesTotal) * 100)
      : item.status === 'done'
        ? 100
        : 0;
  const source = shownSource(item);
  // A finished empty file or folder is complete, not at 0 of 0.
  const emptyDone = item.bytesTotal === 0 && item.status === 'done';
  // Only a done download says how it was checked (see Verification).
  const verification = item.status === 'done' ? item.verification : undefined;
  const unverified = verification?.state === 'not-verified';
  const tone = item.status === 'failed' ? 'failed' : item.status === 'paused' ? 'paused' : 'normal';

  return (
    // The left edge is the session's colour, as on its pane: whose bucket this transfer touches.
    <div
      className={`transfer-row transfer-row--${item.status}`}
      style={color ? { borderLeftColor: color } : undefined}
    >
      <span
        className="transfer-row__direction"
        role="img"
        aria-label={direction.label}
        title={direction.label}
      >
        {direction.icon}
      </span>
      {session ? <SessionChip session={session} /> : null}
      <div className="transfer-row__main">
        <div className="transfer-row__paths" title={`${item.source} → ${item.target}`}>
          <span className="transfer-row__path">{source}</span>
          <span className="transfer-row__arrow" aria-hidden="true">
            →
          </span>
          <span className="transfer-row__path">{item.target}</span>
        </div>
        <div className="transfer-row__progress">
          <ProgressBar
            done={emptyDone ? 1 : item.bytesDone}
            total={emptyDone ? 1 : item.bytesTotal}
            tone={tone}
            label={`${direction.label} progress of ${source}`}
          />
          <span className="transfer-row__numbers">
            {percent}% · {formatBytes(item.bytesDone)} / {formatBytes(item.bytesTotal)}
            {item.status === 'running' && item.rate > 0 ? ` · ${formatRate(item.rate)}` : ''}
          </span>
          <span
            className={`transfer-row__status${item.status === 'running' && item.retry ? ' transfer-row__status--retrying' : ''}${unverified ? ' transfer-row__status--unverified' : ''}`}
            title={verification ? verificationText(verification) : undefined}
          >
            {statusText(item)}
          </span>
        </div>
        {item.status === 'waiting-credentials' ? (
          <p className="transfer-row__hint">
            The session expired. Renew it and the transfer continues where it stopped.{' '}
            <button type="button" className="link-button" onClick={() => void renew(item.sessionId)}>
              Renew session
            </button>
          </p>
        ) : null}
        {item.status === 'interrupted' && item.resumeWith ? (
          <p className="transfer-row__hint">
            Interrupted when Crossbucket stopped — reopen {sessionNames(item.resumeWith)} to resume, or press
            Resume.
          </p>
        ) : null}
        {item.note ? <p className="transfer-row__hint">{capitalised(item.note)}</p> : null}
        {unverified && verification ? (
          <p className="transfer-row__hint">{verificationText(verification)}</p>
        ) : null}
        {item.renamedFrom ? (
          <p className="transfer-row__hint">
            Saved under a safe name; the key was <code className="object-name">{item.renamedFrom}</code>
          </p>
        ) : null}
        {item.error && item.status === 'failed' ? (
          <AccessScopeContext.Provider value={{ sessionId: item.sessionId }}>
            <ErrorNotice error={item.error} compact />
          </AccessScopeContext.Provider>
        ) : null}
      </div>
      <div className="transfer-row__actions">
        {COMMANDS[item.status].map((c) => (
          <button
            key={c}
            type="button"
            className="button"
            aria-label={`${COMMAND_LABEL[c]} ${source}`}
            onClick={() => void command(c, [item.id])}
          >
            {COMMAND_LABEL[c]}
          </button>
        ))}
      </div>
    </div>
  );
}
