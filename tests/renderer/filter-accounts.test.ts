import { describe, expect, it } from 'vitest';
import { filterAccounts } from '../../src/renderer/features/sso/filter-accounts';
import type { SsoAccount } from '../../src/shared/models/sso';

const accounts: SsoAccount[] = [
  {
    accountId: '111111111111',
    accountName: 'Development',
    emailAddress: 'dev@example.com',
    roles: ['Developer', 'ReadOnly'],
  },
  {
    accountId: '222222222222',
    accountName: 'Production',
    emailAddress: 'prod@example.com',
    roles: ['Developer', 'ReadOnly'],
  },
  { accountId: '333333333333', accountName: 'Audit', roles: ['AuditReader'] },
];

const shown = (filter: string) =>
  filterAccounts(accounts, filter).map((m) => `${m.account.accountName}: ${m.roles.join(', ')}`);

describe('searching the accounts tree', () => {
  it('keeps everything for an empty search', () => {
    expect(shown('  ')).toHaveLength(3);
  });

  it('finds accounts by name, ID or email with all their roles', () => {
    expect(shown('prod')).toEqual(['Production: Developer, ReadOnly']);
    expect(shown('3333')).toEqual(['Audit: AuditReader']);
    expect(shown('DEV@EXAMPLE')).toEqual(['Development: Developer, ReadOnly']);
  });

  it('finds roles by name across accounts, and combines words', () => {
    expect(shown('readonly')).toEqual(['Development: ReadOnly', 'Production: ReadOnly']);
    expect(shown('prod read')).toEqual(['Production: ReadOnly']);
    expect(shown('prod auditor')).toEqual([]);
  });
});
