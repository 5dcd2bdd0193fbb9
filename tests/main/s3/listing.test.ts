import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { EventSink } from '../../../src/main/events/event-sink';
import { ListingService } from '../../../src/main/s3/listing';
import type { EventName } from '../../../src/shared/ipc/channels';
import type { EventPayloads } from '../../../src/shared/ipc/contract';
import type { ListingPage } from '../../../src/shared/models/s3';
import { listObjectsCalls } from '../../support/moto';
import { allow, policy } from '../../support/policies';
import { useS3World } from './s3-fixture';

/** Collects listing pages and lets a test react to each one as it arrives. */
class PageRecorder implements EventSink {
  readonly pages: ListingPage[] = [];
  onPage: (page: ListingPage) => void = () => undefined;

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    if (event !== 'listingPage') return;
    const page = payload as ListingPage;
    this.pages.push(page);
    this.onPage(page);
  }

  async untilFirst(listingId: string): Promise<void> {
    for (let i = 0; i < 400 && !this.pages.some((p) => p.listingId === listingId); i++) await sleep(25);
  }

  async untilDone(listingId: string): Promise<ListingPage[]> {
    for (let i = 0; i < 400; i++) {
      const mine = this.pages.filter((p) => p.listingId === listingId);
      if (mine.some((p) => p.done)) return mine;
      await sleep(25);
    }
    throw new Error('listing did not finish');
  }
}

describe('ListingService', () => {
  const suite = useS3World(
    {
      users: { browser: { policies: [policy(allow('s3:*', '*'))] } },
      buckets: {
        browse: {
          manyKeys: { prefix: 'bulk/', count: 2500 },
          objects: {
            'docs/': '',
            'docs/zeta.txt': 'z',
            'docs/alpha/one.txt': '1',
            'docs/beta/two.txt': '2',
            'docs/report-2023.pdf': 'r',
            'docs/report-2024.pdf': 'rr',
            'docs/readme.md': 'm',
          },
        },
      },
    },
    { liftAuth: true },
  );

  it('streams 2,500 keys as three pages, the first before the listing is done', async () => {
    const sink = new PageRecorder();
    const listing = new ListingService(suite.pool, sink);
    let doneWhenFirstArrived: boolean | undefined;
    sink.onPage = (page) => {
      doneWhenFirstArrived ??= page.done;
    };
    const id = listing.start({ sessionId: 'browser', bucket: 'browse', prefix: 'bulk/' });
    expect(sink.pages).toHaveLength(0);
    const pages = await sink.untilDone(id);

    expect(doneWhenFirstArrived).toBe(false);
    expect(pages.map((p) => [p.entries.length, p.keysLoaded, p.done])).toEqual([
      [1000, 1000, false],
      [1000, 2000, false],
      [500, 2500, true],
    ]);
    const keys = pages.flatMap((p) => p.entries.map((e) => e.key));
    expect(new Set(keys).size).toBe(2500);
    expect(keys[0]).toBe('bulk/0000');
  });

  it('lists folders before objects, without the folder placeholder itself', async () => {
    const sink = new PageRecorder();
    const id = new ListingService(suite.pool, sink).start({
      sessionId: 'browser',
      bucket: 'browse',
      prefix: 'docs/',
    });
    const [page] = await sink.untilDone(id);

    expect(page?.entries.map((e) => [e.kind, e.key])).toEqual([
      ['folder', 'docs/alpha/'],
      ['folder', 'docs/beta/'],
      ['object', 'docs/readme.md'],
      ['object', 'docs/report-2023.pdf'],
      ['object', 'docs/report-2024.pdf'],
      ['object', 'docs/zeta.txt'],
    ]);
    expect(page?.entries.find((e) => e.key === 'docs/report-2024.pdf')).toMatchObject({ size: 2 });
  });

  it('filters by what the name starts with, server-side', async () => {
    const sink = new PageRecorder();
    const id = new ListingService(suite.pool, sink).start({
      sessionId: 'browser',
      bucket: 'browse',
      prefix: 'docs/',
      startsWith: 'rep',
    });
    const [page] = await sink.untilDone(id);
    expect(page?.entries.map((e) => e.key)).toEqual(['docs/report-2023.pdf', 'docs/report-2024.pdf']);
  });

  it('stops requesting pages once cancelled', async () => {
    await suite.world.moto.clearRecording();
    const sink = new PageRecorder();
    const listing = new ListingService(suite.pool, sink);
    sink.onPage = (page) => listing.cancel(page.listingId);
    const id = listing.start({ sessionId: 'browser', bucket: 'browse', prefix: 'bulk/' });
    await sink.untilFirst(id);

    // Pages two and three would follow within milliseconds; give them ample time not to.
    await sleep(1000);
    expect(sink.pages.filter((p) => p.listingId === id)).toHaveLength(1);
    expect(listObjectsCalls(await suite.world.moto.recorded(), 'browse')).toHaveLength(1);
  });

  it('cancelling before the first page arrives emits nothing', async () => {
    const sink = new PageRecorder();
    const listing = new ListingService(suite.pool, sink);
    const id = listing.start({ sessionId: 'browser', bucket: 'browse', prefix: 'bulk/' });
    listing.cancel(id);
    await sleep(1000);
    expect(sink.pages).toHaveLength(0);
  });

  it('reports a failed listing as a final page naming s3:ListBucket and the bucket', async () => {
    const sink = new PageRecorder();
    const id = new ListingService(suite.pool, sink).start({
      sessionId: 'browser',
      bucket: 'no-such-one',
      prefix: '',
    });
    const pages = await sink.untilDone(id);

    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({
      entries: [],
      done: true,
      error: {
        code: 'no-such-bucket',
        details: { action: 's3:ListBucket', resource: 'arn:aws:s3:::no-such-one' },
      },
    });
  });
});
