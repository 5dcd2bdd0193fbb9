import { describe, expect, it } from 'vitest';
import { runRoleChain } from '../../../src/main/credentials/role-chain';
import { AppFailure } from '../../../src/shared/errors/app-error';
import { AUDIT, DEPLOY, FakeSts, ROOT_KEYS, resolved, ScriptedMfa, staticRoot } from './fake-sts';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const now = () => NOW;

describe('runRoleChain', () => {
  it('runs root → deploy → audit and reports the final identity and expiry', async () => {
    const sts = new FakeSts(now);
    const mfa = new ScriptedMfa(['654321']);
    const result = await runRoleChain(resolved('audit', [DEPLOY, AUDIT]), {
      env: {},
      mfa,
      sts: sts.factory,
      root: staticRoot,
      now,
    });
    expect(result.identity.account).toBe('333333333333');
    expect(result.identity.arn).toContain('assumed-role/audit/');
    // Each step is called with the previous step's credentials.
    expect(sts.calls[0]?.caller.accessKeyId).toBe(ROOT_KEYS.accessKeyId);
    expect(sts.calls[1]?.caller.accessKeyId).toBe('ASIAFAKE1');
    // audit asks for 7200 s, but deploy → audit is role chaining: one hour at most.
    expect(sts.calls[1]?.input.DurationSeconds).toBe(3600);
    expect(result.stepExpirations).toEqual([new Date(NOW + 3600_000), new Date(NOW + 3600_000)]);
    expect(result.expiresAt).toEqual(new Date(NOW + 3600_000));
    expect(result.credentials.accessKeyId).toBe('ASIAFAKE2');
  });

  it("sends each AssumeRole to the step profile's STS endpoint, else the chain's, else the environment's", async () => {
    const sts = new FakeSts(now);
    const endpoints: Record<string, { sts?: string }> = { deploy: { sts: 'http://deploy-sts.local' } };
    await runRoleChain(resolved('audit', [DEPLOY, AUDIT]), {
      env: { AWS_ENDPOINT_URL: 'http://env.local' },
      mfa: new ScriptedMfa(['654321']),
      sts: sts.factory,
      root: staticRoot,
      now,
      endpointsOf: (name) => endpoints[name],
    });
    expect(sts.calls.map((c) => c.target.endpoint)).toEqual(['http://deploy-sts.local', 'http://env.local']);
    expect(sts.calls.every((c) => c.target.region === 'eu-west-1')).toBe(true);
  });

  it('returns long-term keys with no expiry when the profile has no role', async () => {
    const sts = new FakeSts(now);
    const result = await runRoleChain(resolved('dev', []), {
      env: {},
      mfa: new ScriptedMfa([]),
      sts: sts.factory,
      root: staticRoot,
    });
    expect(result.expiresAt).toBeUndefined();
    expect(result.identity.arn).toBe('arn:aws:iam::111111111111:user/dev');
  });

  it("refuses a profile the loader marked invalid, with the loader's error", async () => {
    const base = resolved('broken', []);
    const broken = {
      ...base,
      root: undefined,
      summary: { ...base.summary, error: { code: 'profile-cycle' as const, message: 'a → b → a' } },
    };
    const err = await runRoleChain(broken, { env: {}, mfa: new ScriptedMfa([]), root: staticRoot }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppFailure);
    expect((err as AppFailure).appError).toMatchObject({ code: 'profile-cycle', message: 'a → b → a' });
  });
});
