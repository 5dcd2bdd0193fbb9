/**
 * A small YAML writer for CloudFormation snippets. Every string is written as a JSON string,
 * which is a valid YAML double-quoted scalar, so no value (ARNs with colons, "true", "*") can
 * change type or meaning; keys are quoted unless they are plain words.
 */
type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json | undefined };

const PLAIN_KEY = /^[A-Za-z_][\w.-]*$/;

const key = (name: string): string => (PLAIN_KEY.test(name) ? name : JSON.stringify(name));

const scalar = (value: string | number | boolean | null): string =>
  typeof value === 'string' ? JSON.stringify(value) : String(value);

const isObject = (value: Json): value is { readonly [key: string]: Json | undefined } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function lines(value: Json, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return value.flatMap((item: Json) => {
      if (isObject(item) || Array.isArray(item)) {
        const [first = '', ...rest] = lines(item, `${indent}  `);
        return [`${indent}- ${first.trimStart()}`, ...rest];
      }
      return [`${indent}- ${scalar(item as string | number | boolean | null)}`];
    });
  }
  if (isObject(value)) {
    const entries = Object.entries(value).filter((e): e is [string, Json] => e[1] !== undefined);
    if (entries.length === 0) return [`${indent}{}`];
    return entries.flatMap(([name, item]) => {
      const nested = isObject(item) ? Object.keys(item).length > 0 : Array.isArray(item) && item.length > 0;
      if (!nested) return [`${indent}${key(name)}: ${lines(item, '')[0] ?? ''}`];
      return [`${indent}${key(name)}:`, ...lines(item, `${indent}  `)];
    });
  }
  return [`${indent}${scalar(value as string | number | boolean | null)}`];
}

export function toYaml(value: unknown): string {
  return `${lines(value as Json, '').join('\n')}\n`;
}

/** `AWS::X::Y` resource under a logical ID, the way a template's Resources section lists it. */
export function resource(logicalId: string, type: string, properties: Record<string, unknown>): string {
  return toYaml({ [logicalId]: { Type: type, Properties: properties } as unknown as Json });
}
