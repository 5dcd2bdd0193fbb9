import { describe, expect, it } from 'vitest';
import { parseIni } from '../../../src/main/profiles/parse-ini';

const sectionValues = (text: string, header: string) =>
  Object.fromEntries(parseIni(text).sections.find((s) => s.header === header)?.values ?? []);

describe('parseIni', () => {
  it('reads nested blocks until the first unindented line', () => {
    const parsed = parseIni(
      '[services x]\ns3 =\n  endpoint_url = http://a:1\n\n  addressing_style = path\nsts =\n\tendpoint_url = http://b:2\nregion = eu\n',
    );
    const section = parsed.sections[0];
    expect(Object.fromEntries(section?.nested.get('s3') ?? [])).toEqual({
      endpoint_url: 'http://a:1',
      addressing_style: 'path',
    });
    expect(Object.fromEntries(section?.nested.get('sts') ?? [])).toEqual({ endpoint_url: 'http://b:2' });
    expect(section?.values.get('region')).toBe('eu');
    expect(parsed.problems).toEqual([]);
  });

  it('strips comments only at line start or after whitespace', () => {
    expect(
      sectionValues('[a]\n# c\n; c\nregion = eu-west-1 ; note\nurl = http://h/#frag\nk=v;x\n', 'a'),
    ).toEqual({
      region: 'eu-west-1',
      url: 'http://h/#frag',
      k: 'v;x',
    });
  });

  it('lower-cases option names and splits at the first = or :, as configparser does', () => {
    const parsed = parseIni(
      '[a]\nRegion = eu-west-1\nROLE_ARN: arn:aws:iam::1:role/x\nurl = http://h:1/x\nk:v=w\ns3 =\n  Endpoint_URL = http://e:9\n',
    );
    expect(Object.fromEntries(parsed.sections[0]?.values ?? [])).toEqual({
      region: 'eu-west-1',
      role_arn: 'arn:aws:iam::1:role/x',
      url: 'http://h:1/x',
      k: 'v=w',
      s3: '',
    });
    // Nested lines are botocore's own format: `=` only, names as written.
    expect(Object.fromEntries(parsed.sections[0]?.nested.get('s3') ?? [])).toEqual({
      Endpoint_URL: 'http://e:9',
    });
    expect(parsed.problems).toEqual([]);
  });

  it('reports two spellings of one option as a repeat, as the CLI refuses them', () => {
    const parsed = parseIni('[a]\nregion = eu-west-1\nREGION = us-east-1\n');
    expect(parsed.problems.map((p) => p.line)).toEqual([3]);
    expect(parsed.sections[0]?.values.get('region')).toBe('us-east-1');
  });

  it('keeps names that would break an object map', () => {
    expect(sectionValues('[__proto__]\nconstructor = 1\n', '__proto__')).toEqual({ constructor: '1' });
  });

  it('never quotes a malformed line in its problems, since it may hold a secret', () => {
    const parsed = parseIni('[a]\nSECRETVALUE1234\nAbCdSeCrEt=1\nAbCdSeCrEt=2\n');
    expect(parsed.problems.map((p) => p.line)).toEqual([2, 4]);
    expect(JSON.stringify(parsed.problems)).not.toMatch(/SECRETVALUE1234|AbCdSeCrEt/);
  });
});
