/** Resource ARNs named in errors, so an AccessDenied says exactly what was refused. */
export const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;

export const objectArn = (bucket: string, key: string): string => `arn:aws:s3:::${bucket}/${key}`;
