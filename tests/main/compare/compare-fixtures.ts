import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CompareDeps, CompareService } from '../../../src/main/compare/compare-service';
import { PathGrants } from '../../../src/main/security/path-grants';

/** A CompareService as main builds it; no folder granted and its rows in a fresh temp folder unless given. */
export const compareService = (
  deps: Omit<CompareDeps, 'grants' | 'spillFolder'> & Partial<Pick<CompareDeps, 'grants' | 'spillFolder'>>,
): CompareService =>
  new CompareService({
    grants: new PathGrants(),
    spillFolder: join(tmpdir(), `compare-rows-${randomUUID()}`),
    ...deps,
  });
