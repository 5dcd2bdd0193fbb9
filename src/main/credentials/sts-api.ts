import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  type AssumeRoleCommandOutput,
  GetCallerIdentityCommand,
  type GetCallerIdentityCommandOutput,
  STSClient,
} from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';

export interface StsTarget {
  readonly region: string;
  /** Explicit, because the SDK ignores a profile's endpoint_url when several profiles are in play. */
  readonly endpoint?: string;
}

/** The two STS calls a role chain makes; a seam so tests can stand in for STS. */
export interface StsApi {
  assumeRole(input: AssumeRoleCommandInput): Promise<AssumeRoleCommandOutput>;
  getCallerIdentity(): Promise<GetCallerIdentityCommandOutput>;
}

export type StsApiFactory = (target: StsTarget, credentials: AwsCredentialIdentity) => StsApi;

export const sdkSts: StsApiFactory = (target, credentials) => {
  const client = new STSClient({
    region: target.region,
    credentials,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
  });
  return {
    assumeRole: (input) => client.send(new AssumeRoleCommand(input)),
    getCallerIdentity: () => client.send(new GetCallerIdentityCommand({})),
  };
};
