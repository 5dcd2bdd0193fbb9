import type { AppError } from '../../shared/models/errors';

export interface MfaRequest {
  readonly profile: string;
  readonly roleArn: string;
  readonly mfaSerial: string;
  /** 1 for the first ask; higher after STS rejected a code. */
  readonly attempt: number;
  /** Why the previous code was refused, to show next to the input. */
  readonly error?: AppError;
}

/**
 * How the credential chain gets an MFA code without knowing about windows or IPC.
 * `ask` rejects with an AppFailure `mfa-cancelled` when the user gives up.
 */
export interface MfaPrompter {
  ask(req: MfaRequest): Promise<string>;
}
