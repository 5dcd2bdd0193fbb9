import { randomUUID } from 'node:crypto';
import { AppFailure } from '../../shared/errors/app-error';
import type { AccessExplanation, AccessMatrix } from '../../shared/models/access';
import type { ProfileStore } from '../profiles/profile-store';
import type { S3ClientPool } from '../s3/client-pool';
import type { SessionStore } from '../sessions/session-store';
import { type CheckRequest, checkAccess } from './check-access';
import { explainDenial } from './explain-denial';
import type { OwnerFact } from './facts';
import { type AccessContext, type ExplainRequest, gatherFacts, ownerOfBucket } from './gather-facts';
import type { BuiltStatement } from './statements';

/** Explanations whose statements can still be copied; older ones are forgotten. */
const KEPT_EXPLANATIONS = 20;

export type StatementFormat = 'json' | 'yaml';

/**
 * Explains denials and checks access for the UI. The statements' full texts (which may carry a
 * profile's external ID) stay here; the renderer gets them masked and asks main to copy them.
 */
export class AccessService {
  readonly #ctx: AccessContext;
  readonly #kept = new Map<string, ReadonlyMap<string, BuiltStatement>>();

  constructor(ctx: AccessContext) {
    this.#ctx = ctx;
  }

  async explain(request: ExplainRequest): Promise<AccessExplanation> {
    const facts = await gatherFacts(this.#ctx, request);
    const reasoning = explainDenial(facts);
    const explanationId = randomUUID();
    const statements = new Map<string, BuiltStatement>();
    const findings = reasoning.findings.map((finding, i) => ({
      ...finding,
      statements: finding.statements.map((built) => {
        const id = `${i}-${built.shown.id}`;
        statements.set(id, built);
        return { ...built.shown, id };
      }),
    }));
    this.#keep(explanationId, statements);
    const ownerAccount = facts.owner?.account;
    return {
      explanationId,
      headline: reasoning.headline,
      denial: request.denial,
      ...(reasoning.caller?.account ? { callerAccount: reasoning.caller.account } : {}),
      ...(ownerAccount ? { ownerAccount } : {}),
      facts: reasoning.facts,
      findings,
    };
  }

  /** The full text of a statement, for the clipboard. */
  statementText(explanationId: string, statementId: string, format: StatementFormat): string {
    const built = this.#kept.get(explanationId)?.get(statementId);
    if (!built) {
      throw new AppFailure('not-found', 'That explanation is no longer available.', {
        hints: ['Open the explanation again from the error.'],
      });
    }
    return format === 'json' ? built.full.json : built.full.yaml;
  }

  /** Which account owns the bucket: the one that must apply a bucket's configuration. */
  bucketOwner(sessionId: string, bucket: string): Promise<OwnerFact> {
    const callerAccount = this.#ctx.state(sessionId).identity?.account;
    return ownerOfBucket(this.#ctx, sessionId, bucket, callerAccount ? { callerAccount } : {});
  }

  check(request: CheckRequest): Promise<AccessMatrix> {
    return checkAccess(this.#ctx, request);
  }

  #keep(id: string, statements: ReadonlyMap<string, BuiltStatement>): void {
    this.#kept.set(id, statements);
    while (this.#kept.size > KEPT_EXPLANATIONS) {
      const oldest = this.#kept.keys().next().value;
      if (oldest === undefined) break;
      this.#kept.delete(oldest);
    }
  }
}

/** The service over the app's stores: sessions for identities, profiles for chains, the pool for clients. */
export function createAccessService(stores: {
  readonly sessions: SessionStore;
  readonly profiles: ProfileStore;
  readonly pool: S3ClientPool;
}): AccessService {
  const { sessions, profiles, pool } = stores;
  return new AccessService({
    state: (sessionId) => sessions.state(sessionId),
    sessions: () => sessions.list(),
    profile: (name) => profiles.get(name),
    profiles: () => profiles.snapshot().profiles,
    withBucket: (sessionId, bucket, fn) => pool.withBucket(sessionId, bucket, fn),
    client: (sessionId) => pool.forRegion(sessionId, sessions.context(sessionId).region),
  });
}
