/**
 * One object a plan copies from one bucket to another: what a sync plan (compare and sync)
 * produces and what an S3 Batch Operations hand-off writes into its manifest. Shared so both
 * read the same shape; no secret and no local path ever appears here.
 */
export interface CopyPlanItem {
  readonly sourceBucket: string;
  readonly sourceKey: string;
  readonly sourceVersionId?: string;
  readonly targetBucket: string;
  readonly targetKey: string;
  /** Bytes, from the source listing. */
  readonly size: number;
}

/** Where a plan's copies run: both sides' sessions, as the panes opened them. */
export interface CopyPlanSides {
  readonly source: { readonly sessionId: string; readonly bucket: string; readonly prefix: string };
  readonly target: { readonly sessionId: string; readonly bucket: string; readonly prefix: string };
}
