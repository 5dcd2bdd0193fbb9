import { fail } from '../../shared/errors/app-error';
import type { BatchProposal } from '../../shared/models/batch';
import type { CarryChoice } from '../../shared/models/compare';
import type { CopyPlanItem, CopyPlanSides } from '../../shared/models/copy-plan';
import type { StorageClassName } from '../../shared/models/objects';
import type { BatchService, HandOffChoices } from '../batch/batch-service';

/** A sync plan's copies as `SyncService.copySet` gives them. */
export interface PlanCopySet {
  readonly sides: CopyPlanSides;
  readonly items: AsyncIterable<CopyPlanItem>;
  readonly deletes: number;
  /** The storage class the plan gives every copy, when it replaces the source's. */
  readonly storageClass?: StorageClassName;
  /** The source's user metadata and tags on the copies; absent: kept. */
  readonly metadata?: CarryChoice;
  readonly tags?: CarryChoice;
}

/**
 * Refuses, before anything is written, a plan one S3PutObjectCopy job cannot express. The job
 * writes each object to one target prefix + its whole source key, while a plan maps the source
 * folder onto the target folder: that is the same only when the target folder ends with the
 * source folder (`data/` → `data/`, or → `backup/data/`). Dropped metadata is refused too (see
 * below); dropped tags and a replaced storage class the job carries.
 */
export function refuseInexpressiblePlan(plan: PlanCopySet): void {
  const { source, target } = plan.sides;
  if (!target.prefix.endsWith(source.prefix)) {
    const example = `s3://${target.bucket}/${target.prefix}${source.prefix}…`;
    fail(
      'validation',
      `S3 Batch Operations cannot copy "${source.prefix}" into "${target.prefix || '(the bucket’s top)'}" as this plan does: the job keeps each source key whole under one target prefix, so it would write ${example}.`,
      {
        hints: [
          `Compare s3://${source.bucket}/${source.prefix} with a target folder that ends in "${source.prefix}" (such as s3://${target.bucket}/${target.prefix}${source.prefix}), then hand that plan over.`,
          'Or run this sync through Crossbucket, which copies to any folder.',
        ],
      },
    );
  }
  if (plan.metadata === 'drop') {
    // S3PutObjectCopy drops metadata only with MetadataDirective REPLACE, whose NewObjectMetadata
    // is one set for every object: each copy's own content type and headers would be lost.
    fail(
      'validation',
      'This plan drops the source’s user metadata but keeps each object’s content type and headers, and a Batch Operations copy job cannot: it replaces all metadata with one set for every object.',
      {
        hints: [
          'Plan again keeping the source’s metadata to hand the copies over, or run this sync through Crossbucket.',
        ],
      },
    );
  }
  if (plan.deletes > 0) {
    fail(
      'validation',
      `This plan also deletes ${plan.deletes} object${plan.deletes === 1 ? '' : 's'}, and a Batch Operations copy job only copies.`,
      {
        hints: [
          'Plan again without "Delete what only the right side has" to hand the copies over, then sync the deletes through Crossbucket.',
        ],
      },
    );
  }
}

/** Hands a sync plan's copies to S3 Batch Operations: the same manifest and statements as a selection's. */
export function handPlanToBatchOperations(
  batch: BatchService,
  plan: PlanCopySet,
  choices: HandOffChoices,
): Promise<BatchProposal> {
  refuseInexpressiblePlan(plan);
  return batch.handToBatchOperations(plan.sides, plan.items, choices, {
    tags: plan.tags ?? 'keep',
    ...(plan.storageClass && { storageClass: plan.storageClass }),
  });
}
