import { parseDenial } from '../../shared/errors/parse-denial';
import type { GeneratedStatement } from '../../shared/models/access';
import { type BatchAccessHelp, type BatchFailedTask, JOB_CREATOR_STATEMENT } from '../../shared/models/batch';
import { s3Target } from '../access/principals';

const isDenied = (task: BatchFailedTask): boolean =>
  task.code === 'AccessDenied' || task.httpStatus === '403';

/** The statements that grant on `bucket`: the role's permissions and that bucket's policy. */
function statementsFor(
  statements: readonly GeneratedStatement[],
  bucket: string | undefined,
  policyType: string | undefined,
): GeneratedStatement[] {
  return statements.filter((s) => {
    // Creating the job is not what its tasks were refused.
    if (s.id === JOB_CREATOR_STATEMENT) return false;
    if (s.kind === 'identity-policy') return policyType !== 'resource-based';
    if (s.kind === 'bucket-policy')
      return policyType !== 'identity-based' && (!bucket || s.target === `bucket ${bucket}`);
    if (s.kind === 'kms-key-policy') return policyType === undefined;
    return false;
  });
}

const whoApplies = (s: GeneratedStatement): string =>
  `account ${s.account ?? '(unknown)'} applies the ${s.kind === 'identity-policy' ? 'permissions of' : 'policy of'} ${s.target}`;

/**
 * What failed tasks say about the job's access: when AWS's message names the refused action,
 * resource and policy type, the one statement that would allow it; with a bare "Access
 * Denied" (across organizations), the statements that grant on either bucket. Undefined when
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
    for (const s of statementsFor(statements, bucket, bucket ? denial.policyType : undefined))
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
