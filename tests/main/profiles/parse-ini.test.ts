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

  it('strips comments only at line start or after whitespace, and keeps key case', () => {
    expect(
      sectionValues('[a]\n# c\n; c\nRegion = eu-west-1 ; note\nurl = http://h/#frag\nk=v;x\n', 'a'),
    ).toEqual({
      Region: 'eu-west-1',
      url: 'http://h/#frag',
      k: 'v;x',
    });
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
