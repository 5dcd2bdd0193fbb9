import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  SSOClient,
} from '@aws-sdk/client-sso';
import {
  CreateTokenCommand,
  type CreateTokenCommandInput,
  RegisterClientCommand,
  type RegisterClientCommandInput,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import type { AwsCredentialIdentity } from '@aws-sdk/types';

/**
 * The two IAM Identity Center services behind small seams: `sso-oidc` (sign-in: client
 * registration, device authorization, tokens) and `sso` (the portal: accounts, roles, role
 * credentials, logout). Clients are made per call with the sign-in's region and endpoint,
 * because an sso-session can name any region and a custom endpoint.
 */

export interface SsoTarget {
  readonly region: string;
  readonly endpoint?: string;
}

export interface Registration {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Seconds since the epoch. */
  readonly clientSecretExpiresAt: number;
}

export interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete: string;
  readonly expiresIn: number;
  readonly interval?: number;
}

export interface NewToken {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly refreshToken?: string;
}

export interface OidcApi {
  registerClient(input: RegisterClientCommandInput): Promise<Registration>;
  startDeviceAuthorization(input: {
    clientId: string;
    clientSecret: string;
    startUrl: string;
  }): Promise<DeviceAuthorization>;
  createToken(input: CreateTokenCommandInput): Promise<NewToken>;
  /** The base the un-modelled `/authorize` page lives under: the endpoint the client would call. */
  authorizeBase(): Promise<string>;
}

export interface AccountPage {
  readonly accounts: readonly { accountId: string; accountName: string; emailAddress?: string }[];
  readonly nextToken?: string;
}

export interface RolePage {
  readonly roles: readonly string[];
  readonly nextToken?: string;
}

export interface PortalApi {
  listAccounts(accessToken: string, nextToken?: string): Promise<AccountPage>;
  listAccountRoles(accessToken: string, accountId: string, nextToken?: string): Promise<RolePage>;
  getRoleCredentials(
    accessToken: string,
    accountId: string,
    roleName: string,
  ): Promise<AwsCredentialIdentity>;
  logout(accessToken: string): Promise<void>;
}

export type OidcApiFactory = (target: SsoTarget) => OidcApi;
export type PortalApiFactory = (target: SsoTarget) => PortalApi;

const clientConfig = (target: SsoTarget) => ({
  region: target.region,
  ...(target.endpoint ? { endpoint: target.endpoint } : {}),
  // A sign-in step is interactive: fail fast and let the user retry rather than hang on retries.
  maxAttempts: 2,
});

const withClient = async <T>(client: { destroy(): void }, run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } finally {
    client.destroy();
  }
};

export const sdkOidc: OidcApiFactory = (target) => {
  const make = () => new SSOOIDCClient(clientConfig(target));
  return {
    registerClient: (input) => {
      const client = make();
      return withClient(client, async () => {
        const out = await client.send(new RegisterClientCommand(input));
        return {
          clientId: out.clientId ?? '',
          clientSecret: out.clientSecret ?? '',
          clientSecretExpiresAt: out.clientSecretExpiresAt ?? 0,
        };
      });
    },
    startDeviceAuthorization: (input) => {
      const client = make();
      return withClient(client, async () => {
        const out = await client.send(new StartDeviceAuthorizationCommand(input));
        return {
          deviceCode: out.deviceCode ?? '',
          userCode: out.userCode ?? '',
          verificationUri: out.verificationUri ?? '',
          verificationUriComplete: out.verificationUriComplete ?? out.verificationUri ?? '',
          expiresIn: out.expiresIn ?? 600,
          ...(out.interval !== undefined ? { interval: out.interval } : {}),
        };
      });
    },
    createToken: (input) => {
      const client = make();
      return withClient(client, async () => {
        const out = await client.send(new CreateTokenCommand(input));
        return {
          accessToken: out.accessToken ?? '',
          expiresIn: out.expiresIn ?? 0,
          ...(out.refreshToken ? { refreshToken: out.refreshToken } : {}),
        };
      });
    },
    authorizeBase: async () => {
      if (target.endpoint) return target.endpoint.replace(/\/+$/, '');
      const client = make();
      return withClient(client, async () => {
        const { url } = client.config.endpointProvider({
          Region: target.region,
          UseFIPS: false,
          UseDualStack: false,
        });
        return url.origin;
      });
    },
  };
};

export const sdkPortal: PortalApiFactory = (target) => {
  const make = () => new SSOClient(clientConfig(target));
  return {
    listAccounts: (accessToken, nextToken) => {
      const client = make();
      return withClient(client, async () => {
        const out = await client.send(new ListAccountsCommand({ accessToken, nextToken }));
        return {
          accounts: (out.accountList ?? []).map((a) => ({
            accountId: a.accountId ?? '',
            accountName: a.accountName ?? a.accountId ?? '',
            ...(a.emailAddress ? { emailAddress: a.emailAddress } : {}),
          })),
          ...(out.nextToken ? { nextToken: out.nextToken } : {}),
        };
      });
    },
    listAccountRoles: (accessToken, accountId, nextToken) => {
      const client = make();
      return withClient(client, async () => {
        const out = await client.send(new ListAccountRolesCommand({ accessToken, accountId, nextToken }));
        return {
          roles: (out.roleList ?? []).flatMap((r) => (r.roleName ? [r.roleName] : [])),
          ...(out.nextToken ? { nextToken: out.nextToken } : {}),
        };
      });
    },
    getRoleCredentials: (accessToken, accountId, roleName) => {
      const client = make();
      return withClient(client, async () => {
        const out = await client.send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName }));
        const c = out.roleCredentials;
        return {
          accessKeyId: c?.accessKeyId ?? '',
          secretAccessKey: c?.secretAccessKey ?? '',
          ...(c?.sessionToken ? { sessionToken: c.sessionToken } : {}),
          ...(c?.expiration ? { expiration: new Date(c.expiration) } : {}),
        };
      });
    },
    logout: (accessToken) => {
      const client = make();
      return withClient(client, async () => {
        await client.send(new LogoutCommand({ accessToken }));
      });
    },
  };
};
