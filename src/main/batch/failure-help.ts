import { parseDenial } from '../../shared/errors/parse-denial';
import type { GeneratedStatement } from '../../shared/models/access';
import { type BatchAccessHelp, type BatchFailedTask, JOB_CREATOR_STATEMENT } from '../../shared/models/batch';
import { s3Target } from '../access/principals';

const isDenied = (task: BatchFailedTask): boolean =>
  task.code === 'AccessDenied' || task.httpStatus === '403';

/**
 * The statements that grant on the refused resource: the role's permissions, and the policy of
 * that bucket or that KMS key (`keyId`: SSE-KMS, kms:Decrypt or kms:GenerateDataKey).
 */
function statementsFor(
  statements: readonly GeneratedStatement[],
  on: { readonly bucket?: string; readonly keyId?: string },
  policyType: string | undefined,
): GeneratedStatement[] {
  const named = on.bucket !== undefined || on.keyId !== undefined;
  return statements.filter((s) => {
    // Creating the job is not what its tasks were refused.
    if (s.id === JOB_CREATOR_STATEMENT) return false;
    if (s.kind === 'identity-policy') return policyType !== 'resource-based';
    if (policyType === 'identity-based') return false;
    if (s.kind === 'bucket-policy')
      return !named || (on.bucket !== undefined && s.target === `bucket ${on.bucket}`);
    if (s.kind === 'kms-key-policy')
      return !named || (on.keyId !== undefined && s.target === `KMS key ${on.keyId}`);
    return false;
  });
}

/** The key id of a KMS key ARN (`arn:aws:kms:region:account:key/id`). */
const kmsKeyIdOf = (resource: string | undefined): string | undefined =>
  /^arn:[\w-]+:kms:[^:]*:\d*:key\/(.+)$/.exec(resource ?? '')?.[1];

const whoApplies = (s: GeneratedStatement): string =>
  `account ${s.account ?? '(unknown)'} applies the ${s.kind === 'identity-policy' ? 'permissions of' : 'policy of'} ${s.target}`;

/**
 * What failed tasks say about the job's access: when AWS's message names the refused action,
 * resource (a bucket or a KMS key) and policy type, the one statement that would allow it;
 * with a bare "Access Denied" (across organizations), every statement that grants on a bucket
 * or a key. Undefined when
 * no task was refused access.
 */
export function accessHelpFor(
  failed: readonly BatchFailedTask[],
  statements: readonly GeneratedStatement[],
): BatchAccessHelp | undefined {
  const denied = failed.filter(isDenied);
  if (denied.length === 0) return undefined;
  const chosen = new Map<string, GeneratedStatement>();
  for (const task of denied) {
    const denial = parseDenial(task.message);
    const bucket = s3Target(denial.resource)?.bucket;
    const keyId = kmsKeyIdOf(denial.resource);
    const on = { ...(bucket && { bucket }), ...(keyId && { keyId }) };
    for (const s of statementsFor(statements, on, bucket || keyId ? denial.policyType : undefined))
      chosen.set(s.id, s);
  }
  const needed = [...chosen.values()];
  const first = denied[0]!;
  const sample = `s3://${first.bucket}/${first.key}: ${first.message || first.code}`;
  const tasks = denied.length === 1 ? '1 task was' : `${denied.length} tasks were`;
  return {
    text: `${tasks} refused access (${sample}). Check that ${needed.map(whoApplies).join('; ')} — as generated for this job.`,
    statements: needed,
  };
}
