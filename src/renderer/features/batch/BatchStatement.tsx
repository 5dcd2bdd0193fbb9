import type { GeneratedStatement } from '../../../shared/models/access';
import { writeClipboard } from '../../lib/clipboard';
import { STATEMENT_NAMES, StatementCard } from '../access/StatementCard';

/** A job's identity policy is what its role may do. */
const BATCH_NAMES = { ...STATEMENT_NAMES, 'identity-policy': 'Role permissions' };

/**
 * One statement the job needs, with the account that applies it. A job's statements carry no
 * secret (no external ID), so the window copies the text itself.
 */
export function BatchStatement({ statement }: { readonly statement: GeneratedStatement }) {
  return (
    <StatementCard
      statement={statement}
      name={BATCH_NAMES[statement.kind]}
      copy={(format) => writeClipboard(format === 'json' ? statement.json : statement.yaml)}
    />
  );
}
