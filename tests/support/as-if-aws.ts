// S3 clients that believe they talk to AWS itself (no endpoint_url: s3.amazonaws.com, as a user
// without a custom endpoint has) while every request is carried to a loopback server underneath
// (moto, or the fault proxy in front of it). What the product decides from "this is AWS" (see
// src/main/transfers/endpoint-kind.ts) is then exercised end to end; the request still names AWS's
// host in its signed Host header, which moto accepts for path-style requests.
import type { S3Client as S3ClientType } from '@aws-sdk/client-s3';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { S3Clients } from '../../src/main/transfers/transfer-task';

/** Sends each request to `target` whatever host the SDK resolved (and signed) it for. */
class CarriedTo extends NodeHttpHandler {
  constructor(
    private readonly target: URL,
    options: ConstructorParameters<typeof NodeHttpHandler>[0],
  ) {
    super(options);
  }

  override handle(...[request, options]: Parameters<NodeHttpHandler['handle']>) {
    request.protocol = this.target.protocol;
    request.hostname = this.target.hostname;
    request.port = Number(this.target.port);
    return super.handle(request, options);
  }
}

export interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** One client per session, built without an endpoint, its requests sent to `loopback` instead. */
export function clientsAsIfAws(
  loopback: string,
  keysOf: (sessionId: string) => Keys,
): S3Clients & { destroy(): void } {
  const target = new URL(loopback);
  if (target.hostname !== '127.0.0.1')
    throw new Error(`as-if-aws carries requests to loopback only, not ${loopback}`);
  const handler = new CarriedTo(target, { socketTimeout: 30_000 });
  const cache = new Map<string, S3ClientType>();
  return {
    async forBucket(sessionId) {
      let client = cache.get(sessionId);
      if (!client) {
        const keys = keysOf(sessionId);
        client = new S3Client({
          region: 'us-east-1',
          forcePathStyle: true,
          credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
          requestHandler: handler,
          // The developer's own AWS config must not point it anywhere.
          ignoreConfiguredEndpointUrls: true,
        });
        cache.set(sessionId, client);
      }
      return client;
    },
    regionOf: () => 'us-east-1',
    destroy() {
      for (const client of cache.values()) client.destroy();
      handler.destroy();
    },
  };
}
