import type { GeneratedStatement } from '../../../shared/models/access';
import { call } from '../../lib/api';
import { STATEMENT_NAMES, StatementCard } from './StatementCard';

interface Props {
  readonly explanationId: string;
  readonly statement: GeneratedStatement;
}

/**
 * A statement that explains a denial. Main copies the full text: it may hold an external ID,
 * which is masked in what the window shows.
 */
export function StatementView({ explanationId, statement }: Props) {
  return (
    <StatementCard
      statement={statement}
      name={STATEMENT_NAMES[statement.kind]}
      copy={(format) => call('copyAccessStatement', { explanationId, statementId: statement.id, format })}
    />
  );
}
