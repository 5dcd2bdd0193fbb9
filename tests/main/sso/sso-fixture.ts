// An SsoService over a world with the Identity Center stand-in, as create-services builds it,
// with the system browser replaced by a recorder the test answers through the stand-in.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProfiles } from '../../../src/main/profiles/profile-store';
import type { Env } from '../../../src/main/profiles/read-config-files';
import type { SsoLoginConfig } from '../../../src/main/profiles/sso-logins';
import type { Clock } from '../../../src/main/sessions/session-store';
import { SsoService, type SsoServiceOptions } from '../../../src/main/sso/sso-service';
import type { SsoSignInMethod } from '../../../src/shared/models/sso';
import type { World } from '../../support/aws-world';
import type { IdentityCenter } from '../../support/identity-center';
import { SystemBrowser } from '../../support/system-browser';
import { RecordingSink } from '../sessions/test-doubles';

export interface SsoHarness {
  readonly service: SsoService;
  readonly sink: RecordingSink;
  readonly browser: SystemBrowser;
  readonly env: Env;
  readonly home: string;
  readonly logins: () => readonly SsoLoginConfig[];
  setMethod(method: SsoSignInMethod): void;
  /** Signs in, playing the user's browser with the stand-in: Allow on the first page opened. */
  signInApproving(loginId: string): Promise<void>;
  dispose(): Promise<void>;
}

export async function ssoHarness(
  world: World,
  extra: Partial<SsoServiceOptions> & { clock?: Clock; home?: string } = {},
): Promise<SsoHarness> {
  const ic = identityCenterOf(world);
  const home = extra.home ?? (await mkdtemp(join(tmpdir(), 'crossbucket-sso-home-')));
  const env: Env = { HOME: home, ...world.env };
  const { ssoLogins } = await readProfiles(env);
  const sink = new RecordingSink();
  const browser = new SystemBrowser();
  let method: SsoSignInMethod = 'browser';
  const service = new SsoService({
    env,
    sink,
    logins: () => ssoLogins,
    openBrowser: async (url) => browser.open(url),
    method: () => method,
    dataDir: join(home, 'data'),
    ...extra,
  });
  await service.start();
  return {
    service,
    sink,
    browser,
    env,
    home,
    logins: () => ssoLogins,
    setMethod: (m) => {
      method = m;
    },
    signInApproving: async (loginId) => {
      const opened = browser.next();
      const signedIn = service.signIn(loginId);
      await ic.approve(await opened);
      await signedIn;
    },
    dispose: async () => {
      service.dispose();
      if (!extra.home) await rm(home, { recursive: true, force: true });
    },
  };
}

export function identityCenterOf(world: World): IdentityCenter {
  if (!world.identityCenter) throw new Error('the world has no Identity Center (withIdentityCenter)');
  return world.identityCenter;
}
