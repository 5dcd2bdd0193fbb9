import { describe, expect, it } from 'vitest';
import { suggestsBatchOperations } from '../../src/shared/models/batch';
import { defaultSettings } from '../../src/shared/models/settings';

describe('the Batch Operations threshold', () => {
  it('is passed by more than 100,000 objects or more than 1 TiB by default', () => {
    expect(suggestsBatchOperations(100_000, 1024 ** 4, defaultSettings)).toBe(false);
    expect(suggestsBatchOperations(100_001, 0, defaultSettings)).toBe(true);
    expect(suggestsBatchOperations(1, 1024 ** 4 + 1, defaultSettings)).toBe(true);
  });

  it('follows what the user set', () => {
    expect(suggestsBatchOperations(11, 0, { batchThresholdObjects: 10, batchThresholdGiB: 1 })).toBe(true);
    expect(suggestsBatchOperations(10, 1024 ** 3, { batchThresholdObjects: 10, batchThresholdGiB: 1 })).toBe(
      false,
    );
  });
});
