import type { PassedRole } from '../models/access';
import type { AppError } from '../models/errors';
import { AppFailure } from './app-error';
import { denialSummary, parseDenial } from './parse-denial';

/** Which call failed on what, so an AccessDenied can say "s3:ListBucket on arn:aws:s3:::x". */
export interface CallContext {
  readonly action?: string;
  readonly resource?: string;
  /** For a call that hands a role to a service (CreateJob): what the explanation must grant. */
  readonly passedRole?: PassedRole;
}

interface AwsLikeError {
  readonly name?: string;
  readonly Code?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $response?: { readonly headers?: Record<string, string> };
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE']);

const detailsOf = (ctx: CallContext): Record<string, string> => {
  const details: Record<string, string> = {};
  if (ctx.action) details.action = ctx.action;
  if (ctx.resource) details.resource = ctx.resource;
  return details;
};

/**
 * Turns anything thrown below the IPC layer into an AppError the UI can render.
 * Raw messages from AWS are kept (they name the principal and action) but never a stack.
 */
export function toAppError(err: unknown, ctx: CallContext = {}): AppError {
  if (err instanceof AppFailure) {
    return ctx.action || ctx.resource
      ? { ...err.appError, details: { ...detailsOf(ctx), ...err.appError.details } }
      : err.appError;
  }
  const e = (typeof err === 'object' && err !== null ? err : {}) as AwsLikeError;
  const name = e.name ?? e.Code ?? '';
  const awsMessage = typeof e.message === 'string' ? e.message : String(err);
  const details = detailsOf(ctx);
  const what = ctx.action ? `${ctx.action}${ctx.resource ? ` on ${ctx.resource}` : ''}` : 'The request';

  if (name === 'AbortError' || name === 'CancelledError') {
    return { code: 'cancelled', message: 'Cancelled.', details };
  }
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException' || name === 'TokenRefreshRequired') {
    return {
      code: 'token-expired',
      message: 'The session credentials have expired.',
      details,
      hints: ['Renew the session (you may be asked for an MFA code).'],
    };
  }
  if (name === 'InvalidClientTokenId' || name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch') {
    return {
      code: 'credentials-missing',
      message: `${what} was refused: the access key is not valid (${name}).`,
      details,
      hints: [
        'The key may have been deleted or rotated; check the profile in your credentials file.',
        'A secret key with a typo gives SignatureDoesNotMatch.',
      ],
    };
  }
  if (
    name === 'AccessDenied' ||
    name === 'AccessDeniedException' ||
    name === 'Forbidden' ||
    e.$metadata?.httpStatusCode === 403
  ) {
    const access = parseDenial(awsMessage, ctx);
    // A 403 without a body (S3 answers HEAD requests so) reaches the SDK as "UnknownError".
    const said = awsMessage === 'UnknownError' ? 'HTTP 403, no message (S3 sends none for HEAD)' : awsMessage;
    return {
      code: 'access-denied',
      message: `${what} was denied.`,
      details: { ...details, aws: said },
      hints: [
        denialSummary(access) ?? "The session's role has no policy that allows this action on this resource.",
      ],
      access,
    };
  }
  if (name === 'NoSuchBucket') {
    return {
      code: 'no-such-bucket',
      message: `The bucket does not exist${ctx.resource ? `: ${ctx.resource}` : ''}.`,
      details,
    };
  }
  if (name === 'NoSuchKey' || name === 'NotFound' || e.$metadata?.httpStatusCode === 404) {
    return { code: 'no-such-key', message: `Not found${ctx.resource ? `: ${ctx.resource}` : ''}.`, details };
  }
  if (
    name === 'PermanentRedirect' ||
    name === 'AuthorizationHeaderMalformed' ||
    e.$metadata?.httpStatusCode === 301
  ) {
    return {
      code: 'wrong-region',
      message: `${what} was sent to the wrong region.`,
      details,
      hints: ['The bucket lives in another region than the session; it is retried there.'],
    };
  }
  const errno =
    (err as { code?: string; cause?: { code?: string } })?.code ??
    (err as { cause?: { code?: string } })?.cause?.code;
  if ((errno && networkCodes.has(errno)) || name === 'TimeoutError') {
    return {
      code: 'network',
      message: `${what} could not reach AWS (${errno ?? name}).`,
      details,
      hints: ['Check the network, a proxy, or the endpoint_url of the profile.'],
    };
  }
  return {
    code: 'internal',
    message: awsMessage.length > 500 ? `${awsMessage.slice(0, 500)}…` : awsMessage || 'Something went wrong.',
    details: name ? { ...details, error: name } : details,
  };
}
