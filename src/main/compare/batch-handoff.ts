import { fail } from '../../shared/errors/app-error';
import type { CopyPlanItem, CopyPlanSides } from '../../shared/models/copy-plan';

/**
 * The one place a sync plan is handed to S3 Batch Operations: both sides and the plan's copies,
 * streamed. The hand-off itself (manifest, role, job) is built separately and connects here.
 */
export async function handToBatchOperations(
  _sides: CopyPlanSides,
  _items: AsyncIterable<CopyPlanItem>,
): Promise<never> {
  return fail(
    'unsupported',
    'Handing a plan to S3 Batch Operations is coming in a later version of Crossbucket. Until then, run the sync here, or split it by prefix.',
  );
}
