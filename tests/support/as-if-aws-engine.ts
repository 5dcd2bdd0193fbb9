// Loaded into the engine process (`--import`) by tests that need it to believe it talks to AWS
// itself: its clients are built without an endpoint (the session has no endpoint_url), and every
// request is carried to the loopback server named by `--as-if-aws=URL` (moto, or the fault proxy in
// front of it). The product's code is unchanged; see as-if-aws.ts for main's side of the same idea.
import { NodeHttpHandler } from '@smithy/node-http-handler';

const given = process.argv.find((a) => a.startsWith('--as-if-aws='))?.slice('--as-if-aws='.length);
if (given) {
  const target = new URL(given);
  if (target.hostname !== '127.0.0.1')
    throw new Error(`as-if-aws carries requests to loopback only, not ${given}`);
  const handle = NodeHttpHandler.prototype.handle;
  NodeHttpHandler.prototype.handle = function carried(this: NodeHttpHandler, request, options) {
    request.protocol = target.protocol;
    request.hostname = target.hostname;
    request.port = Number(target.port);
    return handle.call(this, request, options);
  };
}
