// A 10,000-key folder listed through the fault proxy under each fault pattern: every key exactly
// once, in order, and the listing ends without an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListingService } from '../../../src/main/s3/listing';
import type { EventPayloads } from '../../../src/shared/ipc/contract';
import { bulkKey } from '../../support/aws-world';
import {
  type FaultWorld,
  type Figures,
  limiter,
  listings,
  notApplicable,
  PATTERNS,
  printFigures,
  startFaultWorld,
} from './fault-scenarios';
import { ALPHA, RecordingSink } from './transfer-fixtures';

const BUCKET = 'alpha-list';
const COUNT = 10_000;
const expectedKeys = Array.from({ length: COUNT }, (_, i) => bulkKey('many/', i, COUNT));

let fw: FaultWorld;
const figures: Figures[] = [];

beforeAll(async () => {
  fw = await startFaultWorld({
    [ALPHA]: { buckets: { [BUCKET]: { manyKeys: { prefix: 'many/', count: COUNT } } } },
  });
}, 300_000);

afterAll(async () => {
  printFigures(`A ${COUNT.toLocaleString('en')}-key listing through the fault proxy`, figures);
  await fw?.dispose();
});

type Page = EventPayloads['listingPage'];

// Three scenarios at a time (see limiter), each with its own proxy, against one moto.
const slot = limiter(3);

describe.concurrent('a 10,000-key listing under faults', () => {
  for (const [index, pattern] of PATTERNS.entries()) {
    const rules = pattern.rules({ reads: listings(BUCKET), unchecked: true });
    if (typeof rules === 'string') figures.push(notApplicable('10,000-key listing', pattern.name, rules));
    else
      it(
        `lists every key once, in order, under: ${pattern.name}`,
        () =>
          slot(async () => {
            const lane = await fw.openLane(3400 + index);
            lane.proxy.script(rules);
            const sink = new RecordingSink();
            const service = new ListingService(lane.pool, sink);
            try {
              const done = sink.next('listingPage', (p) => p.done);
              service.start({ sessionId: 'alice', bucket: BUCKET, prefix: 'many/' });
              const last = await done;
              const pages = sink.of('listingPage') as Page[];
              expect(last.error).toBeUndefined();
              expect(pages.flatMap((p) => p.entries.map((e) => e.key))).toEqual(expectedKeys);
              expect(last.keysLoaded).toBe(COUNT);
              const stats = lane.proxy.stats();
              if (rules.length > 0) expect(stats.injected.length).toBeGreaterThan(0);
              // Ten pages; a fault costs at most 15 more requests (3 SDK attempts × 5 tries).
              expect(stats.requests).toBeLessThanOrEqual(10 + 15 * stats.injected.length);
              figures.push({
                workload: '10,000-key listing',
                pattern: pattern.name,
                faults: stats.injected.length,
                completed: pages.length,
                bytesVerified: 0,
                retries: stats.requests - 10,
                requests: stats.requests,
                orphans: 0,
              });
            } finally {
              await lane.close();
            }
          }),
        300_000,
      );
  }
});
