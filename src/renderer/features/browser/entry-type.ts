import type { ObjectEntry } from '../../../shared/models/s3';

export type EntryType = 'folder' | 'image' | 'archive' | 'text' | 'code' | 'generic';

const BY_EXTENSION: Readonly<Record<string, EntryType>> = {
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  webp: 'image',
  svg: 'image',
  bmp: 'image',
  tif: 'image',
  tiff: 'image',
  ico: 'image',
  heic: 'image',
  avif: 'image',
  zip: 'archive',
  gz: 'archive',
  tgz: 'archive',
  tar: 'archive',
  bz2: 'archive',
  xz: 'archive',
  zst: 'archive',
  '7z': 'archive',
  rar: 'archive',
  jar: 'archive',
  parquet: 'archive',
  txt: 'text',
  md: 'text',
  csv: 'text',
  tsv: 'text',
  log: 'text',
  json: 'text',
  yaml: 'text',
  yml: 'text',
  xml: 'text',
  ini: 'text',
  toml: 'text',
  pdf: 'text',
  html: 'text',
  ts: 'code',
  tsx: 'code',
  js: 'code',
  jsx: 'code',
  mjs: 'code',
  py: 'code',
  go: 'code',
  rs: 'code',
  java: 'code',
  kt: 'code',
  c: 'code',
  h: 'code',
  cpp: 'code',
  cs: 'code',
  rb: 'code',
  php: 'code',
  sh: 'code',
  sql: 'code',
  tf: 'code',
  swift: 'code',
  scala: 'code',
  css: 'code',
};

/** Guessed from the extension only: the list has no content types, and HEAD per row is too dear. */
export function entryTypeOf(entry: ObjectEntry): EntryType {
  if (entry.kind === 'folder') return 'folder';
  const name = entry.key.slice(entry.key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'generic';
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? 'generic';
}
