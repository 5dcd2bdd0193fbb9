/** IAM policy documents as Crossbucket generates them: the subset of the grammar it writes. */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  /** `Service` for a role or bucket an AWS service acts on (S3 Batch Operations, S3 Inventory). */
  readonly Principal?:
    | { readonly AWS: string | readonly string[] }
    | { readonly Service: string | readonly string[] }
    | '*';
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Statement[];
}

export const document = (...statements: Statement[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements,
});

/** A single value stays a string, as people write policies by hand. */
export const oneOrMany = (values: readonly string[]): string | readonly string[] =>
  values.length === 1 ? values[0]! : values;

/** Statement IDs allow only ASCII letters and digits. */
export const sid = (...words: string[]): string =>
  words
    .flatMap((w) => w.split(/[^A-Za-z0-9]+/))
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('')
    .slice(0, 100);

/** IAM inline policy names: up to 128 of `\w+=,.@-`. */
export const policyName = (...words: string[]): string =>
  words
    .join('-')
    .replace(/[^\w+=,.@-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 128);

/**
 * Adds a statement to a policy someone may already have (a bucket policy main could read),
 * replacing an earlier Crossbucket statement with the same Sid rather than piling up copies.
 */
export function withStatement(existing: PolicyDocument | undefined, statement: Statement): PolicyDocument {
  if (!existing) return document(statement);
  const others = existing.Statement.filter((s) => !statement.Sid || s.Sid !== statement.Sid);
  return { ...existing, Version: '2012-10-17', Statement: [...others, statement] };
}

/** Reads a policy document AWS returned (GetBucketPolicy), or undefined if it is not one. */
export function parsePolicy(text: string | undefined): PolicyDocument | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as { Statement?: unknown };
    if (!parsed || typeof parsed !== 'object') return undefined;
    const statements = Array.isArray(parsed.Statement)
      ? parsed.Statement
      : parsed.Statement
        ? [parsed.Statement]
        : [];
    return { ...(parsed as object), Version: '2012-10-17', Statement: statements as Statement[] };
  } catch {
    return undefined;
  }
}
