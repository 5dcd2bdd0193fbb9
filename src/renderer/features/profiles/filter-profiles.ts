import type { ProfileSummary } from '../../../shared/models/profile';

/** Case-insensitive match on everything a row shows, so what you see is what you can find. */
export function filterProfiles(
  profiles: readonly ProfileSummary[],
  filter: string,
): readonly ProfileSummary[] {
  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return profiles;
  return profiles.filter((p) => {
    const haystack = [p.name, p.kind, p.region, p.roleArn, p.mfaSerial, ...p.chain]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}
