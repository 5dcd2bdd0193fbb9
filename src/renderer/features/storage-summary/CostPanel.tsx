import { useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import type { LifecycleProposal, StorageSummary } from '../../../shared/models/storage-summary';
import { s3StoragePrices } from '../../../shared/pricing/s3-storage-prices';
import {
  aboutUsd,
  estimateCost,
  formatUsd,
  type LifecycleSuggestion,
  priceList,
  suggestLifecycle,
} from '../../../shared/storage/storage-cost';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes } from '../../components/format';
import { call, toAppError } from '../../lib/api';
import { copiedMessage, writeClipboard } from '../../lib/clipboard';
import { useSettings } from '../../stores/settings-store';

interface Props {
  readonly summary: StorageSummary;
}

/** Monthly storage cost per class by the shipped price table (or Settings), and lifecycle rules that lower it. */
export function CostPanel({ summary }: Props) {
  const settings = useSettings();
  const list = priceList(summary.region, settings.storagePrices);
  const cost = estimateCost(summary, list);
  const suggestions = suggestLifecycle(summary, list);
  const rows = [
    ...cost.current.map((c) => ({ ...c, label: c.storageClass })),
    ...cost.noncurrent.map((c) => ({ ...c, label: `${c.storageClass} (noncurrent versions)` })),
    ...(cost.uploads ? [{ ...cost.uploads, label: 'Incomplete uploads (as STANDARD)' }] : []),
  ];
  return (
    <section className="storage-cost" aria-labelledby="storage-cost-title">
      <h3 id="storage-cost-title" className="storage-section-title">
        Monthly storage cost: {aboutUsd(cost.totalUsdPerMonth)}
      </h3>
      <table className="storage-table" aria-label="Monthly cost by storage class">
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col" className="storage-table__num">
              Size
            </th>
            <th scope="col" className="storage-table__num">
              Per month
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td className="storage-table__num">{formatBytes(r.bytes)}</td>
              <td className="storage-table__num">
                {r.usdPerMonth === undefined ? 'no price' : formatUsd(r.usdPerMonth)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted storage-cost__source">
        Storage only (no requests, retrievals or minimums), {s3StoragePrices.currency} per GB-month for{' '}
        {list.region}
        {list.fromFallback ? ` (no prices for ${summary.region} in the table)` : ''}, from{' '}
        {s3StoragePrices.source} as of {s3StoragePrices.asOf}
        {list.overridden.length > 0 ? `; ${list.overridden.join(', ')} from Settings` : ''}.
        {cost.unpriced.length > 0
          ? ` Not priced: ${cost.unpriced.join(', ')} (set a price in Settings).`
          : ''}
      </p>
      {suggestions.length > 0 ? (
        <>
          <h3 className="storage-section-title">What a lifecycle rule would change</h3>
          <ul className="storage-suggestions">
            {suggestions.map((s) => (
              <Suggestion key={s.kind} summary={summary} suggestion={s} />
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">
          No lifecycle rule would lower this prefix's storage bill by the table's prices.
        </p>
      )}
    </section>
  );
}

function Suggestion({ summary, suggestion }: { summary: StorageSummary; suggestion: LifecycleSuggestion }) {
  const [proposal, setProposal] = useState<LifecycleProposal>();
  const [error, setError] = useState<AppError>();
  const [status, setStatus] = useState<string>();
  const show = async (): Promise<void> => {
    try {
      setProposal(
        await call('storageLifecycleRule', {
          sessionId: summary.sessionId,
          bucket: summary.bucket,
          prefix: summary.prefix,
          kind: suggestion.kind,
        }),
      );
    } catch (err) {
      setError(toAppError(err));
    }
  };
  const copy = async (what: string, text: string): Promise<void> => {
    try {
      setStatus(copiedMessage(what, await writeClipboard(text)));
    } catch (err) {
      setError(toAppError(err));
    }
  };
  return (
    <li className="storage-suggestion">
      <p>
        <strong>{suggestion.text}.</strong> <span className="muted">{suggestion.caveat}</span>
      </p>
      {proposal ? null : (
        <button type="button" className="button" onClick={() => void show()}>
          Show the rule
        </button>
      )}
      {error ? <ErrorNotice error={error} compact title="No rule to show" /> : null}
      {proposal ? (
        <div className="storage-proposal">
          <p className="storage-proposal__who" role="note">
            {proposal.ownerAccount
              ? `Apply in account ${proposal.ownerAccount}, which owns ${summary.bucket}`
              : `Apply in the account that owns ${summary.bucket}`}{' '}
            <span className="muted">({proposal.ownerHow})</span>
          </p>
          {proposal.readError ? (
            <ErrorNotice
              error={proposal.readError}
              compact
              title="Could not read the bucket's lifecycle rules; applying this JSON would replace any it has"
            />
          ) : proposal.existingRules ? (
            <p className="muted">The bucket's {proposal.existingRules} rule(s) are kept in the JSON.</p>
          ) : null}
          <textarea
            className="storage-proposal__code"
            aria-label="Lifecycle configuration JSON"
            readOnly
            spellCheck={false}
            rows={Math.min(12, proposal.configuration.split('\n').length)}
            value={proposal.configuration}
          />
          <div className="storage-proposal__actions">
            <button
              type="button"
              className="button"
              onClick={() => void copy('the JSON', proposal.configuration)}
            >
              Copy JSON
            </button>
            <code className="storage-proposal__command">{proposal.command}</code>
            <button
              type="button"
              className="button"
              onClick={() => void copy('the command', proposal.command)}
            >
              Copy command
            </button>
            <span className="muted" aria-live="polite">
              {status}
            </span>
          </div>
        </div>
      ) : null}
    </li>
  );
}
