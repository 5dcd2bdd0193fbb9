// The system browser, as far as a test is concerned: the pages the app asked to open (an IAM
// Identity Center sign-in), which the test then answers through the stand-in's approve().

export class SystemBrowser {
  readonly opened: string[] = [];
  #waiting: ((url: string) => void)[] = [];

  /** What the platform's openExternal calls. */
  readonly open = (url: string): void => {
    this.opened.push(url);
    for (const resolve of this.#waiting.splice(0)) resolve(url);
  };

  /** The next page the app opens after the `since`-th (by default: after those opened so far). */
  next(since = this.opened.length): Promise<string> {
    const already = this.opened[since];
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
}
