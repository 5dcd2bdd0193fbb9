import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/main/security/redact';

describe('log redactor', () => {
  it('masks access key IDs, secret keys and session tokens', () => {
    const keyId = 'ASIAY34FZKBOKMUTVV7A';
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const token = `IQoJb3JpZ2luX2VjE${'A1b2C3d4/+'.repeat(30)}==`;
    const line = `assumed role: key=${keyId} secret=${secret} token=${token} account=222222222222`;
    const out = redact(line);
    expect(out).not.toContain(keyId);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(token);
    expect(out).toContain('account=222222222222');
  });

  it('masks IAM Identity Center access and refresh tokens, client secrets and codes', () => {
    const accessToken = `aoaAAAAAG${'Zm9vYmFy+/09'.repeat(30)}:MGUCMQD${'x'.repeat(90)}`;
    const refreshToken = `aorAAAAAG${'QmFyYmF6'.repeat(40)}`;
    const clientSecret = `eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0.${'ab-_'.repeat(40)}.${'z_9-'.repeat(12)}`;
    const deviceCode = 'a1-B2_c3'.repeat(8);
    const out = redact(
      `token=${accessToken} refresh=${refreshToken} secret=${clientSecret} device=${deviceCode}`,
    );
    for (const secret of [accessToken, refreshToken, clientSecret, deviceCode])
      expect(out).not.toContain(secret);
    expect(out).toContain('token=');
  });

  it('leaves ordinary log text alone', () => {
    const line = 'ListObjectsV2 s3://prod-222-data/reports/2026/ page 3 (1000 keys) in 41 ms';
    expect(redact(line)).toBe(line);
  });
});
