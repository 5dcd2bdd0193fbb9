import { describe, expect, it } from 'vitest';
import { ConsoleSignIn, type ConsoleSignInDeps } from '../../../src/main/console/console-sign-in';
import { federationUrl } from '../../../src/main/console/sign-in-url';
import type { SignInContext } from '../../../src/main/sessions/session-store';

const temporary = { accessKeyId: 'ASIATEMP', secretAccessKey: 'secret', sessionToken: 'token' };

function signIn(context: SignInContext, answer: () => Response, env: Record<string, string> = {}) {
  const fetched: string[] = [];
  const opened: string[] = [];
  const deps: ConsoleSignInDeps = {
    env,
    credentials: async () => temporary,
    context: () => context,
    bucketRegion: async () => 'eu-west-1',
    openExternal: async (url) => {
      opened.push(url);
    },
    fetch: (async (url: string) => {
      fetched.push(url);
      return answer();
    }) as typeof fetch,
  };
  return { service: new ConsoleSignIn(deps), fetched, opened };
}

const token = () => new Response(JSON.stringify({ SigninToken: 'tok' }), { status: 200 });

describe('ConsoleSignIn', () => {
  it('uses the partition’s federation endpoint unless AWS_ENDPOINT_URL_SIGNIN names another', () => {
    expect(federationUrl('aws')).toBe('https://signin.aws.amazon.com/federation');
    expect(federationUrl('aws-us-gov')).toBe('https://signin.amazonaws-us-gov.com/federation');
    expect(federationUrl('aws-cn')).toBe('https://signin.amazonaws.cn/federation');
    expect(federationUrl('aws', 'https://signin.example.test/')).toBe(
      'https://signin.example.test/federation',
    );
  });

  it('signs a GovCloud role session in at GovCloud, landing on the bucket’s region', async () => {
    const { service, fetched, opened } = signIn(
      {
        region: 'us-gov-west-1',
        chained: false,
        identityArn: 'arn:aws-us-gov:sts::123456789012:assumed-role/r/s',
      },
      token,
    );
    await service.open('s1', { bucket: 'b', key: 'k/' });
    expect(fetched[0]).toMatch(
      /^https:\/\/signin\.amazonaws-us-gov\.com\/federation\?Action=getSigninToken&SessionDuration=43200&Session=/,
    );
    const login = new URL(opened[0] as string);
    expect(login.origin).toBe('https://signin.amazonaws-us-gov.com');
    expect(login.searchParams.get('Destination')).toMatch(
      /^https:\/\/s3\.console\.aws\.amazon\.com\/s3\/buckets\/b\?region=eu-west-1/,
    );
  });

  it('refuses an IAM user’s temporary credentials, which AWS sign-in does not take', async () => {
    const { service, fetched, opened } = signIn(
      { region: 'us-east-1', chained: false, identityArn: 'arn:aws:iam::123456789012:user/ana' },
      token,
    );
    await expect(service.open('s1')).rejects.toMatchObject({
      appError: { code: 'validation', message: 'These credentials cannot sign in to the Console.' },
    });
    expect(fetched).toEqual([]);
    expect(opened).toEqual([]);
  });

  it('reports a refusal of the federation endpoint without opening anything', async () => {
    const { service, opened } = signIn(
      { region: 'us-east-1', chained: true, identityArn: 'arn:aws:sts::123456789012:assumed-role/r/s' },
      () => new Response('Bad session', { status: 400 }),
    );
    await expect(service.open('s1')).rejects.toMatchObject({
      appError: { code: 'access-denied', message: 'AWS sign-in did not accept this session (HTTP 400).' },
    });
    expect(opened).toEqual([]);
  });
});
