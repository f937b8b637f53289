// What a page keeps in localStorage and sessionStorage, and the check that
// none of a person's data is there in any form (sign_out.mjs, session_end.mjs).

// Every form a careless store could leave a string in.
export function forms(s) {
  const utf8 = Buffer.from(s, 'utf8');
  const asciiJson = JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  return [s, JSON.stringify(s), asciiJson, asciiJson.toUpperCase(), encodeURIComponent(s), escape(s),
          utf8.toString('base64'), utf8.toString('base64url'), utf8.toString('latin1'), utf8.toString('hex')];
}
// Pieces of a message worth looking for on their own (words of 4+ characters, the emoji).
export function pieces(s) { return s.split(/\s+/).filter((w) => [...w].length >= 4 || /\p{Extended_Pictographic}/u.test(w)); }

export async function storageDump(page) {
  return page.evaluate(() => {
    const all = [];
    for (const store of [window.localStorage, window.sessionStorage])
      for (let i = 0; i < store.length; i++) { const k = store.key(i); all.push([k, store.getItem(k)]); }
    return all;
  });
}

// Fails when the page's storage holds any of `secrets` in any of its forms.
export async function expectNothingOf(page, secrets, when) {
  const dump = await storageDump(page);
  const text = dump.map(([k, v]) => `${k}=${v}`).join('\n');
  for (const secret of secrets)
    for (const form of forms(secret))
      if (form.length >= 2 && text.includes(form))
        throw new Error(`${when}: storage holds "${secret}" (as ${JSON.stringify(form)}):\n${text}`);
  return dump;
}

// Waits until a localStorage entry whose name starts with `prefix` is there (`present`) or gone.
export async function waitForRecord(page, prefix, present, what) {
  await page.waitForFunction(([p, want]) => {
    for (let i = 0; i < window.localStorage.length; i++)
      if (window.localStorage.key(i).startsWith(p)) return want;
    return !want;
  }, [prefix, present], { timeout: 15_000 }).catch((e) => { throw new Error(`${what}: ${e.message}`); });
}
