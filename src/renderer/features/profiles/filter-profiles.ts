import type { ProfileSummary } from '../../../shared/models/profile';

/**
 * What a row shows, lower-cased once per profile: with thousands of profiles a keystroke
 * then costs one substring test each, not rebuilding every row's text. Summaries are
 * immutable and replaced on reload, so the cache follows them.
 */
const haystacks = new WeakMap<ProfileSummary, string>();

const haystackOf = (p: ProfileSummary): string => {
  let text = haystacks.get(p);
  if (text === undefined) {
    text = [p.name, p.kind, p.region, p.roleArn, p.mfaSerial, ...p.chain]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    haystacks.set(p, text);
  }
  return text;
};

/** Case-insensitive match on everything a row shows, so what you see is what you can find. */
export function filterProfiles(
  profiles: readonly ProfileSummary[],
  filter: string,
): readonly ProfileSummary[] {
  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return profiles;
  return profiles.filter((p) => {
    const haystack = haystackOf(p);
    return words.every((w) => haystack.includes(w));
  });
}
