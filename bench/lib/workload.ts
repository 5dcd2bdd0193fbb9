/** What one contender run does; each runner process gets one of these as its JSON argument. */
export type Workload =
  /** The object lands at `prefix` + the file's name, as a dropped file does in the app. */
  | { readonly kind: 'upload-file'; readonly file: string; readonly bucket: string; readonly prefix: string }
  | { readonly kind: 'upload-dir'; readonly dir: string; readonly bucket: string; readonly prefix: string }
  /** The file lands in `dir` under the key's last segment. */
  | { readonly kind: 'download-file'; readonly bucket: string; readonly key: string; readonly dir: string }
  | {
      readonly kind: 'download-prefix';
      readonly bucket: string;
      readonly prefix: string;
      readonly dir: string;
    }
  | { readonly kind: 'list'; readonly bucket: string; readonly prefix: string };

/** How a runner process reaches the server; passed in the environment like the peers' keys. */
export interface Target {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export const targetFromEnv = (): Target => {
  const { BENCH_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = process.env;
  if (!BENCH_ENDPOINT || !AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY)
    throw new Error('BENCH_ENDPOINT, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set');
  return { endpoint: BENCH_ENDPOINT, accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY };
};

export const workloadFromArgv = (): Workload => {
  const raw = process.argv[2];
  if (!raw) throw new Error('usage: <runner> <workload JSON>');
  return JSON.parse(raw) as Workload;
};
