/** The part of an SDK client this touches: kept structural, so shared code needs no SDK import. */
interface SignedClient<Signer> {
  config: { signer: (authScheme?: never) => Promise<Signer> };
}

/**
 * Makes every request of `client` share one request signer. Left alone, the SDK builds a new
 * SigV4 signer for each request, copying the whole client configuration into it, and each new
 * signer derives its signing key again (four HMACs): for a 4 KiB object that was a tenth of the
 * request's CPU. Sharing is safe: each signing is handed its region, service and date, asks
 * the session for credentials afresh (so a renewal applies at once), and the signer keeps
 * derived keys per credentials, date, region and service.
 */
export function shareSigner<Signer>(client: SignedClient<Signer>): void {
  const make = client.config.signer;
  let shared: Promise<Signer> | undefined;
  client.config.signer = (authScheme) => {
    if (!shared) {
      const made = make(authScheme);
      // A signer that could not be made (the region could not be resolved) is tried again next time.
      made.catch(() => {
        if (shared === made) shared = undefined;
      });
      shared = made;
    }
    return shared;
  };
}
