import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import type { InventorySetup, InventoryStatus } from '../../../shared/models/storage-summary';
import { ErrorNotice } from '../../components/ErrorNotice';
import { call, toAppError } from '../../lib/api';
import { copiedMessage, writeClipboard } from '../../lib/clipboard';

interface Props {
  readonly sessionId: string;
  readonly bucket: string;
  readonly prefix: string;
}

/**
 * For a bucket too big to list from a desktop: the numbers from its S3 Inventory report, or an
 * inventory configured now, with the destination bucket's policy its owner must put.
 */
export function InventoryPanel({ sessionId, bucket, prefix }: Props) {
  const [status, setStatus] = useState<InventoryStatus>();
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  const [destination, setDestination] = useState('');
  const [destinationPrefix, setDestinationPrefix] = useState('inventory/');
  const [setup, setSetup] = useState<InventorySetup>();
  const [copied, setCopied] = useState<string>();

  // Read again once an inventory is configured (`setup`), to list it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: setup is the trigger, not an input
  useEffect(() => {
    let live = true;
    call('inventoryStatus', { sessionId, bucket }).then(
      (s) => live && setStatus(s),
      (err: unknown) => live && setError(toAppError(err)),
    );
    return () => {
      live = false;
    };
  }, [sessionId, bucket, setup]);

  const run = async (action: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };

  const configs = status?.configurations ?? [];
  return (
    <section className="storage-inventory" aria-labelledby="storage-inventory-title">
      <h3 id="storage-inventory-title" className="storage-section-title">
        S3 Inventory
      </h3>
      {status?.error ? (
        <ErrorNotice error={status.error} compact title="Could not read the inventory configurations" />
      ) : null}
      {error ? <ErrorNotice error={error} compact title="Inventory" /> : null}
      {configs.length > 0 ? (
        <ul className="storage-inventory__configs">
          {configs.map((c) => (
            <li key={c.id}>
              <span>
                <strong>{c.id}</strong> — {c.frequency} {c.format} to s3://{c.destinationBucket}/
                {c.destinationPrefix}
                {c.enabled ? '' : ' (disabled)'}
              </span>
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() =>
                  void run(() =>
                    call('summariseFromInventory', { sessionId, bucket, prefix, configurationId: c.id }),
                  )
                }
              >
                {busy ? 'Reading…' : 'Read the newest report'}
              </button>
            </li>
          ))}
        </ul>
      ) : status && !status.error ? (
        <form
          className="storage-inventory__form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () =>
              setSetup(
                await call('configureInventory', {
                  sessionId,
                  bucket,
                  destinationBucket: destination.trim(),
                  destinationPrefix: destinationPrefix.trim(),
                }),
              ),
            );
          }}
        >
          <p>
            No inventory is configured. S3 can write a daily list of every object to another bucket, read here
            instead of listing (the first report arrives within 48 hours).
          </p>
          <label>
            Destination bucket{' '}
            <input
              className="input"
              value={destination}
              onChange={(e) => setDestination(e.target.value)}
              required
            />
          </label>
          <label>
            Prefix{' '}
            <input
              className="input"
              value={destinationPrefix}
              onChange={(e) => setDestinationPrefix(e.target.value)}
            />
          </label>
          <button type="submit" className="button" disabled={busy || destination.trim().length < 3}>
            Configure inventory
          </button>
        </form>
      ) : null}
      {setup ? (
        <section className="storage-proposal" aria-label="Destination bucket policy">
          <p className="storage-proposal__who" role="note">
            Configured “{setup.configurationId}”. S3 delivers only once the destination's policy allows it:{' '}
            {setup.destinationPolicy.account
              ? `apply this in account ${setup.destinationPolicy.account}`
              : 'apply this in the account that owns the destination'}{' '}
            ({setup.destinationPolicy.target}).
          </p>
          <textarea
            className="storage-proposal__code"
            aria-label="Destination bucket policy JSON"
            readOnly
            rows={Math.min(14, setup.destinationPolicy.json.split('\n').length)}
            value={setup.destinationPolicy.json}
          />
          <div className="storage-proposal__actions">
            <button
              type="button"
              className="button"
              onClick={() =>
                void writeClipboard(setup.destinationPolicy.json).then(
                  (r) => setCopied(copiedMessage('the policy', r)),
                  (err: unknown) => setError(toAppError(err)),
                )
              }
            >
              Copy policy
            </button>
            <code className="storage-proposal__command">{setup.destinationPolicy.howToApply}</code>
            <span className="muted" aria-live="polite">
              {copied}
            </span>
          </div>
        </section>
      ) : null}
    </section>
  );
}
