// The CloudFormation snippets must be templates CloudFormation accepts and say exactly what the
// JSON says: each is wrapped in a template and checked by cfn-lint (which ships with
// moto[server]), and its YAML is read back and compared with the JSON document.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { principalOf } from '../../../src/main/access/principals';
import {
  bucketPolicy,
  identityPolicy,
  kmsKeyPolicyStatement,
  trustPolicy,
} from '../../../src/main/access/statements';
import { motoPython } from '../../support/moto';

const role = principalOf('arn:aws:sts::111111111111:assumed-role/analyst/s1');
const user = principalOf('arn:aws:iam::111111111111:user/dev');
const KEY = 'arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const grant = { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::share-222/reports/*'] };

const built = {
  'role-policy': identityPolicy('a', role, [grant, { actions: ['kms:Decrypt'], resources: [KEY] }]),
  'user-policy': identityPolicy('b', user, [
    { actions: ['sts:AssumeRole'], resources: ['arn:aws:iam::222222222222:role/deploy'] },
  ]),
  'bucket-policy': bucketPolicy('c', 'share-222', '222222222222', role, [
    { actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::share-222'], listPrefix: 'reports/' },
  ]),
  'trust-policy': trustPolicy('d', {
    roleArn: 'arn:aws:iam::222222222222:role/deploy',
    caller: user,
    externalId: 'ext: "quoted" #1',
    requireMfa: true,
  }),
};

const dir = mkdtempSync(join(tmpdir(), 'crossbucket-cfn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

describe('CloudFormation snippets', () => {
  it('pass cfn-lint as resources of a template', () => {
    const files = Object.entries(built).map(([name, b]) => {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${indent(b.full.yaml)}\n`);
      return file;
    });
    // Exit 0: no error, no warning. Output is kept for the failure message.
    const run = () =>
      execFileSync(
        motoPython(),
        [
          '-c',
          'import sys; from cfnlint.runner import main; sys.argv[0] = "cfn-lint"; sys.exit(main())',
          ...files,
        ],
        { encoding: 'utf8' },
      );
    expect(run).not.toThrow();
  });

  it('say what the JSON says, quotes and all', () => {
    const script = [
      'import json, sys, yaml',
      'docs = json.load(sys.stdin)',
      'out = {}',
      'for name, text in docs.items():',
      '    data = yaml.safe_load(text)',
      '    (resource,) = data.values()',
      '    props = resource["Properties"]',
      '    out[name] = props.get("PolicyDocument") or props.get("AssumeRolePolicyDocument")',
      'print(json.dumps(out))',
    ].join('\n');
    const input = JSON.stringify(Object.fromEntries(Object.entries(built).map(([n, b]) => [n, b.full.yaml])));
    const parsed = JSON.parse(execFileSync(motoPython(), ['-c', script], { input, encoding: 'utf8' }));
    for (const [name, b] of Object.entries(built))
      expect(parsed[name], name).toEqual(JSON.parse(b.full.json));
  });

  it('give a KMS key a statement to add to its key policy, in both forms', () => {
    const kms = kmsKeyPolicyStatement('k', KEY, role, ['kms:Decrypt'], 'eu-west-1');
    const script = 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))';
    const fromYaml = JSON.parse(
      execFileSync(motoPython(), ['-c', script], { input: kms.full.yaml, encoding: 'utf8' }),
    );
    expect(fromYaml).toEqual([JSON.parse(kms.full.json)]);
    expect(kms.shown).toMatchObject({
      account: '222222222222',
      target: 'KMS key 1234abcd-12ab-34cd-56ef-1234567890ab',
    });
  });
});
