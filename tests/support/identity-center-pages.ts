// The pages a user's browser shows during an Identity Center sign-in, and the browser itself:
// `playBrowser` loads a page, submits its form the way a click would, and follows the redirect
// back to the app's loopback address.

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const unescapeHtml = (text: string): string =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const page = (title: string, body: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;margin:3em;max-width:40em"><h1>${title}</h1>${body}</body></html>`;

/** A question with Allow and Deny, posting `hidden` and `decision` to `action`. */
export function formPage(
  title: string,
  text: string,
  action: string,
  hidden: Record<string, string>,
): string {
  const inputs = Object.entries(hidden)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('');
  return page(
    title,
    `<p>${escapeHtml(text)}</p><form method="post" action="${action}">${inputs}<button name="decision" value="allow">Allow</button> <button name="decision" value="deny">Deny</button></form>`,
  );
}

export const plainPage = (title: string, text: string): string => page(title, `<p>${escapeHtml(text)}</p>`);

/** What a browser does with a sign-in page: load it, submit its form, follow the redirect home. */
export async function playBrowser(url: string, decision: 'allow' | 'deny'): Promise<void> {
  const shown = await fetch(url);
  const text = await shown.text();
  if (!shown.ok) throw new Error(`the sign-in page answered ${shown.status}: ${text}`);
  const action = /<form method="post" action="([^"]+)">/.exec(text)?.[1];
  if (!action) throw new Error('the sign-in page has no form');
  const fields = new URLSearchParams();
  for (const m of text.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)) {
    fields.set(m[1] ?? '', unescapeHtml(m[2] ?? ''));
  }
  fields.set('decision', decision);
  const submitted = await fetch(new URL(action, url), { method: 'POST', body: fields, redirect: 'manual' });
  if (submitted.status === 302) {
    const back = await fetch(submitted.headers.get('location') ?? '');
    if (!back.ok) throw new Error(`the app's redirect page answered ${back.status}`);
    await back.text();
  } else if (!submitted.ok) {
    throw new Error(`submitting the sign-in page answered ${submitted.status}: ${await submitted.text()}`);
  }
}
