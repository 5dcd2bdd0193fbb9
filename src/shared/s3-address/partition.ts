/**
 * AWS partitions as far as S3 addresses care: which DNS suffix the endpoints use and where
 * the Console lives. Regions name their partition by prefix (cn-, us-gov-, us-iso-, …).
 */
export interface PartitionInfo {
  readonly id: string;
  /** DNS suffix of S3 endpoints: `amazonaws.com`, `amazonaws.com.cn`. */
  readonly dnsSuffix: string;
  /** Host of the S3 Console. */
  readonly consoleHost: string;
}

const partitions: readonly PartitionInfo[] = [
  { id: 'aws', dnsSuffix: 'amazonaws.com', consoleHost: 's3.console.aws.amazon.com' },
  { id: 'aws-cn', dnsSuffix: 'amazonaws.com.cn', consoleHost: 'console.amazonaws.cn' },
  { id: 'aws-us-gov', dnsSuffix: 'amazonaws.com', consoleHost: 'console.amazonaws-us-gov.com' },
  { id: 'aws-iso', dnsSuffix: 'c2s.ic.gov', consoleHost: 'console.c2s.ic.gov' },
  { id: 'aws-iso-b', dnsSuffix: 'sc2s.sgov.gov', consoleHost: 'console.sc2s.sgov.gov' },
];

const byId = new Map(partitions.map((p) => [p.id, p]));

/** The partition's facts; unknown ids fall back to the commercial partition's. */
export function partitionInfo(id: string | undefined): PartitionInfo {
  return byId.get(id ?? 'aws') ?? (partitions[0] as PartitionInfo);
}

/** `cn-north-1` → `aws-cn`, `us-gov-west-1` → `aws-us-gov`, everything else → `aws`. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

/** The partition an ARN names (`arn:aws-cn:…`); `aws` when there is no usable ARN. */
export function partitionOfArn(arn: string | undefined): string {
  const partition = arn?.split(':')[1];
  return partition && /^aws(-[a-z]+)*$/.test(partition) ? partition : 'aws';
}

/** DNS suffixes that S3 endpoint hosts end with, longest first so `.com.cn` wins over `.com`. */
export const s3DnsSuffixes: readonly string[] = [...new Set(partitions.map((p) => p.dnsSuffix))].sort(
  (a, b) => b.length - a.length,
);

export const consoleHosts: ReadonlySet<string> = new Set(partitions.map((p) => p.consoleHost));
