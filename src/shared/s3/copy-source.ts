/**
 * The x-amz-copy-source header: bucket and key, URL-encoded per '/'-separated segment so
 * that spaces, '%', '+', '?', '#' and non-ASCII survive while the slashes stay literal.
 * S3 decodes '+' as a space in this header, which is why encodeURIComponent (it emits %2B)
 * is used rather than a form encoder.
 */
export const copySource = (bucket: string, key: string, versionId?: string): string => {
  const path = `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  return versionId ? `${path}?versionId=${encodeURIComponent(versionId)}` : path;
};
