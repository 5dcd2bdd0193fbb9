import type { LocationFacts } from '../../../shared/models/s3';
import {
  formatArn,
  formatCliCopy,
  formatConsoleUrl,
  formatHttpsUrl,
  formatS3Uri,
  type Located,
} from '../../../shared/s3-address/format';

export type CopyFormId = 's3-uri' | 'https-url' | 'arn' | 'cli' | 'console';

export interface CopyForm {
  readonly id: CopyFormId;
  readonly label: string;
  /** One line per selected item. */
  readonly text: string;
}

/** Every form of the selected locations, as other tools take them. Nothing here is secret. */
export function copyForms(
  bucket: string,
  keys: readonly string[],
  facts: LocationFacts,
): readonly CopyForm[] {
  const located: Located[] = keys.map((key) => ({ bucket, key }));
  const lines = (format: (l: Located) => string): string => located.map(format).join('\n');
  return [
    { id: 's3-uri', label: 'S3 URI', text: lines(formatS3Uri) },
    { id: 'https-url', label: 'HTTPS URL', text: lines((l) => formatHttpsUrl(l, facts.region)) },
    { id: 'arn', label: 'ARN', text: lines((l) => formatArn(l, facts.partition)) },
    { id: 'cli', label: 'aws s3 cp command', text: lines((l) => formatCliCopy(l, facts.cliProfile)) },
    { id: 'console', label: 'Console URL', text: lines((l) => formatConsoleUrl(l, facts.region)) },
  ];
}
