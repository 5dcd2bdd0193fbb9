import { describe, expect, it } from 'vitest';
import { resolveEndpoint } from '../../../src/main/profiles/endpoints';
import { load, profileNamed } from './aws-home';

const keys = 'aws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n';

const config = [
  '[services local]',
  's3 =',
  '  endpoint_url = http://127.0.0.1:9000',
  'sts =',
  '  endpoint_url = http://127.0.0.1:9001',
  's3_control =',
  '  endpoint_url = http://127.0.0.1:9002',
  '[profile with-services]',
  keys,
  'services = local',
  'endpoint_url = http://ignored.example',
  '[profile own-url]',
  keys,
  'endpoint_url = http://localhost:5000',
  '[profile role-on-own-url]',
  'role_arn = arn:aws:iam::111111111111:role/r',
  'source_profile = own-url',
  '[profile opted-out]',
  keys,
  'endpoint_url = http://localhost:5000',
  'ignore_configured_endpoint_urls = true',
  '[profile unknown-services]',
  keys,
  'services = nowhere',
].join('\n');

describe('endpoints', () => {
  it('takes a [services] block before the profile’s endpoint_url, per service', async () => {
    const { snapshot } = await load({ config });
    expect(profileNamed(snapshot, 'with-services').endpoints).toEqual({
      s3: 'http://127.0.0.1:9000',
      sts: 'http://127.0.0.1:9001',
      s3Control: 'http://127.0.0.1:9002',
    });
    expect(profileNamed(snapshot, 'own-url').endpoints).toEqual({
      s3: 'http://localhost:5000',
      sts: 'http://localhost:5000',
      s3Control: 'http://localhost:5000',
    });
    expect(profileNamed(snapshot, 'unknown-services').endpoints).toEqual({});
  });

  it('does not give a role profile its source profile’s endpoint', async () => {
    const { snapshot } = await load({ config });
    expect(profileNamed(snapshot, 'role-on-own-url').endpoints).toEqual({});
  });

  it('honours ignore_configured_endpoint_urls in the profile', async () => {
    const { snapshot } = await load({ config });
    expect(profileNamed(snapshot, 'opted-out').endpoints).toEqual({});
  });

  it('lets AWS_ENDPOINT_URL_<SVC> beat AWS_ENDPOINT_URL, which beats the files', async () => {
    const { snapshot } = await load(
      { config },
      {
        AWS_ENDPOINT_URL: 'http://global:1',
        AWS_ENDPOINT_URL_S3: 'http://s3-only:2',
        AWS_ENDPOINT_URL_S3_CONTROL: 'http://jobs:3',
      },
    );
    expect(profileNamed(snapshot, 'with-services').endpoints).toEqual({
      s3: 'http://s3-only:2',
      sts: 'http://global:1',
      s3Control: 'http://jobs:3',
    });
  });

  it('lets AWS_IGNORE_CONFIGURED_ENDPOINT_URLS switch every configured endpoint off, or back on', async () => {
    const off = await load(
      { config },
      { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_ENDPOINT_URL: 'http://g:1' },
    );
    expect(profileNamed(off.snapshot, 'with-services').endpoints).toEqual({});
    const on = await load({ config }, { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' });
    expect(profileNamed(on.snapshot, 'opted-out').endpoints).toEqual({
      s3: 'http://localhost:5000',
      sts: 'http://localhost:5000',
      s3Control: 'http://localhost:5000',
    });
  });

  it('resolves one service directly from settings', () => {
    const profile = { values: new Map([['endpoint_url', 'http://own:1']]) };
    expect(resolveEndpoint('sts', profile, {})).toBe('http://own:1');
    expect(resolveEndpoint('sts', profile, { AWS_ENDPOINT_URL_STS: 'http://env:2' })).toBe('http://env:2');
    expect(resolveEndpoint('s3', profile, { AWS_ENDPOINT_URL_STS: 'http://env:2' })).toBe('http://own:1');
    expect(resolveEndpoint('s3', profile, { AWS_ENDPOINT_URL_S3: '' })).toBe('http://own:1');
  });
});
