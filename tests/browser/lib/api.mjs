// Setting the scene over HTTP, for tests whose subject comes later (files,
// resume links): a browser context's request API shares that context's
// cookies, so a guest or staff session made here is the one its pages use.
// The UI steps of signing in are covered by journey.mjs and guest_signin.mjs.

async function ok(res, what) {
  if (!res.ok()) throw new Error(`${what}: HTTP ${res.status()} ${await res.text()}`);
  return res.status() === 204 ? null : res.json();
}

// The newest 6-digit code the dev SMS outbox holds for `phone` (E.164).
export async function latestCode(baseUrl, phone) {
  const outbox = await (await fetch(`${baseUrl}/api/v1/dev/sms`)).json();
  const sms = outbox.messages.filter((m) => m.to === phone && /code/i.test(m.body)).at(-1);
  const code = /\b(\d{6})\b/.exec(sms?.body || '')?.[1];
  if (!code) throw new Error(`no code for ${phone} in ${JSON.stringify(outbox)}`);
  return code;
}

// An Australian number as the relay stores it (E.164).
function e164(phone) { return phone.startsWith('+') ? phone : '+61' + phone.replace(/\D/g, '').replace(/^0/, ''); }

// Registers and verifies a guest of team `team` in `context`.
export async function guestSignIn(context, baseUrl, { team = 'intake', first, last, phone }) {
  const sent = await ok(await context.request.post('/api/v1/guest/otp', {
    data: { team, first_name: first, last_name: last, phone } }), 'guest otp');
  const code = await latestCode(baseUrl, e164(phone));
  return ok(await context.request.post('/api/v1/guest/otp/verify', {
    data: { challenge_id: sent.challenge_id, code } }), 'guest verify');
}

// Opens a case for the signed-in guest, filling every mandatory identifier.
export async function openCase(context, { team = 'intake', subject }) {
  const entry = await ok(await context.request.get(`/api/v1/teams/${team}`), 'team');
  const identifiers = {};
  for (const f of entry.identifiers || []) if (f.required) identifiers[f.key] = 'Test value';
  return ok(await context.request.post('/api/v1/guest/cases', { data: { team, subject, identifiers } }), 'open case');
}

export async function staffSignIn(context, { email = 'intake1@demo.test', password = 'demo-password' } = {}) {
  return ok(await context.request.post('/api/v1/staff/login', { data: { email, password } }), 'staff login');
}

export async function claim(context, caseId) {
  return ok(await context.request.post(`/api/v1/staff/cases/${caseId}/claim`, { data: {} }), 'claim');
}

export async function say(context, caseId, body) {
  return ok(await context.request.post(`/api/v1/cases/${caseId}/messages`, {
    data: { client_id: `t${Date.now()}${Math.floor(Math.random() * 1e6)}`, body } }), 'message');
}

export async function caseDetail(context, caseId) {
  return ok(await context.request.get(`/api/v1/cases/${caseId}`), 'case');
}

// A request straight from Node (no browser context), with the session
// `cookie` ("name=value") when given: for the staff side of tests whose
// browser page is the guest's, and for the dev fixture.
export async function relayApi(baseUrl, method, route, { cookie, body } = {}) {
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return { json: text ? JSON.parse(text) : null, headers: res.headers };
}

// A staff member signed in from Node (intake1 by default): `says(caseId, text)`
// writes in a case as them, `get(route)` reads with their session.
export async function staffFromNode(baseUrl, { email = 'intake1@demo.test', password = 'demo-password' } = {}) {
  const login = await relayApi(baseUrl, 'POST', '/api/v1/staff/login', { body: { email, password } });
  const cookie = login.headers.get('set-cookie').split(';')[0];
  let n = 0;
  return {
    cookie,
    says: (caseId, text) => relayApi(baseUrl, 'POST', `/api/v1/cases/${caseId}/messages`,
      { cookie, body: { client_id: `staff-${++n}`, body: text } }),
    get: async (route) => (await relayApi(baseUrl, 'GET', route, { cookie })).json,
  };
}

// One verified guest of Intake with an active case assigned to intake1 (the
// dev load fixture): the case id and the guest's session cookie, split into
// name and value for a browser's cookie store.
export async function assignedCaseFixture(baseUrl) {
  const guest = (await relayApi(baseUrl, 'POST', '/api/v1/dev/load-fixture',
    { body: { team: 'intake', guests: 1, assign: 'intake1@demo.test' } })).json.guests[0];
  const eq = guest.cookie.indexOf('=');
  return { caseId: guest.case_id, cookie: { name: guest.cookie.slice(0, eq), value: guest.cookie.slice(eq + 1) } };
}

// A guest signed in from Node (no browser): `cookie` ("name=value"),
// `openCase(subject)` filling every mandatory identifier, `says(caseId, text)`.
export async function guestFromNode(baseUrl, { team = 'intake', first, last, phone }) {
  const sent = (await relayApi(baseUrl, 'POST', '/api/v1/guest/otp',
    { body: { team, first_name: first, last_name: last, phone } })).json;
  const code = await latestCode(baseUrl, e164(phone));
  const verified = await relayApi(baseUrl, 'POST', '/api/v1/guest/otp/verify',
    { body: { challenge_id: sent.challenge_id, code } });
  const cookie = verified.headers.get('set-cookie').split(';')[0];
  let n = 0;
  return {
    cookie,
    openCase: async (subject) => {
      const entry = (await relayApi(baseUrl, 'GET', `/api/v1/teams/${team}`)).json;
      const identifiers = {};
      for (const f of entry.identifiers || []) if (f.required) identifiers[f.key] = 'Test value';
      return (await relayApi(baseUrl, 'POST', '/api/v1/guest/cases',
        { cookie, body: { team, subject, identifiers } })).json;
    },
    says: (caseId, text) => relayApi(baseUrl, 'POST', `/api/v1/cases/${caseId}/messages`,
      { cookie, body: { client_id: `guest-${++n}`, body: text } }),
  };
}
