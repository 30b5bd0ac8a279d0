/**
 * The pages' small inline scripts (plain ES2020, no framework, no build step). Everything they
 * do is an enhancement: without JavaScript the status page lists and acts through its forms,
 * and the tail page shows the log's end in a <pre>.
 */

/**
 * Status page: instant filtering (kept in the URL), auto-refresh that swaps the table body in
 * place (scroll position, filter and keyboard focus survive), busy buttons while a form posts.
 */
export const STATUS_SCRIPT = `
(() => {
  const REFRESH_MS = 2000;
  const table = document.getElementById('procs');
  const filter = document.getElementById('filter');
  const summary = document.getElementById('summary');
  const live = document.getElementById('live');
  let busy = false;
  function applyFilter() {
    const q = filter.value.trim().toLowerCase();
    let shown = 0;
    for (const body of table.tBodies) {
      let any = false;
      for (const row of body.rows) {
        if (!row.classList.contains('proc')) continue;
        const hit = q === '' || row.dataset.search.includes(q);
        row.hidden = !hit;
        if (hit) { any = true; shown++; }
      }
      body.hidden = !any;
    }
    document.getElementById('shown').textContent = q === '' ? '' : shown + ' shown';
  }
  function syncUrl() {
    const url = new URL(location.href);
    for (const stale of ['message', 'action', 'processname']) url.searchParams.delete(stale);
    if (filter.value.trim() === '') url.searchParams.delete('filter'); else url.searchParams.set('filter', filter.value.trim());
    history.replaceState(null, '', url);
  }
  filter.addEventListener('input', () => { applyFilter(); syncUrl(); });
  filter.form.addEventListener('submit', (e) => { e.preventDefault(); applyFilter(); syncUrl(); });
  document.addEventListener('submit', (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || form.method !== 'post') return;
    const ask = form.dataset.confirm;
    if (ask && !confirm(ask)) { e.preventDefault(); return; }
    busy = true;
    for (const b of form.querySelectorAll('button')) { b.disabled = true; b.setAttribute('aria-busy', 'true'); }
    live.textContent = 'Working…';
  });
  async function refresh() {
    if (busy || document.hidden) return;
    try {
      const url = new URL(location.href);
      url.search = '';
      const res = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      const fresh = doc.getElementById('procs');
      if (busy || fresh === null) return;
      const key = document.activeElement && table.contains(document.activeElement) ? document.activeElement.dataset.key : undefined;
      table.replaceChildren(...fresh.childNodes);
      summary.replaceChildren(...doc.getElementById('summary').childNodes);
      applyFilter();
      if (key !== undefined) table.querySelector('[data-key="' + CSS.escape(key) + '"]')?.focus({ preventScroll: true });
      live.textContent = 'Updated ' + new Date().toLocaleTimeString();
    } catch (err) {
      live.textContent = 'Refresh failed (' + err.message + '); retrying';
    }
  }
  applyFilter();
  syncUrl();
  live.textContent = 'Auto-refresh every ' + REFRESH_MS / 1000 + ' s';
  setInterval(refresh, REFRESH_MS);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
})();
`;

/**
 * Tail page: reads the NDJSON stream (fetch, so a paused reader applies back-pressure instead
 * of buffering), renders each piece as it arrives, keeps the last N lines, follows the bottom
 * unless the reader scrolled up, and reconnects when the stream ends.
 */
export const TAIL_SCRIPT = `
(() => {
  const box = document.getElementById('log');
  const status = document.getElementById('tailstatus');
  const pauseBtn = document.getElementById('pause');
  const MAX = Number(box.dataset.maxLines);
  let paused = false;
  let wake = null;
  let cur = null;
  let fresh = true;
  const atBottom = () => box.scrollHeight - box.scrollTop - box.clientHeight < 8;
  function newLine() { cur = document.createElement('span'); cur.className = 'ln'; box.appendChild(cur); }
  function add(pieces) {
    const stick = atBottom();
    for (const [text, cls] of pieces) {
      const parts = text.split('\\n');
      for (let i = 0; i < parts.length; i++) {
        if (i > 0) { if (cur === null) newLine(); cur = null; }
        if (parts[i] === '') continue;
        if (cur === null) newLine();
        const s = document.createElement('span');
        if (cls) s.className = cls;
        s.textContent = parts[i];
        cur.appendChild(s);
      }
    }
    while (box.childElementCount > MAX) box.firstElementChild.remove();
    if (stick) box.scrollTop = box.scrollHeight;
  }
  function handle(msg) {
    if (fresh) { box.replaceChildren(); cur = null; fresh = false; }
    if (msg.p) add(msg.p);
    if (msg.s) status.textContent = paused ? 'Paused' : msg.s;
    if (msg.e) { status.textContent = msg.e; throw Object.assign(new Error(msg.e), { final: true }); }
  }
  async function run() {
    fresh = true;
    status.textContent = 'Connecting…';
    try {
      const res = await fetch(box.dataset.stream, { cache: 'no-store', credentials: 'same-origin' });
      if (!res.ok || !res.body) throw new Error('HTTP ' + res.status);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        while (paused) await new Promise((r) => (wake = r));
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let nl;
        while ((nl = buf.indexOf('\\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line !== '') handle(JSON.parse(line));
        }
      }
      status.textContent = 'Stream ended; reconnecting…';
    } catch (err) {
      if (err.final) return;
      status.textContent = 'Disconnected (' + err.message + '); reconnecting…';
    }
    setTimeout(run, 2000);
  }
  pauseBtn.hidden = false;
  pauseBtn.addEventListener('click', () => {
    paused = !paused;
    pauseBtn.textContent = paused ? 'Resume' : 'Pause';
    pauseBtn.setAttribute('aria-pressed', String(paused));
    status.textContent = paused ? 'Paused (new output is held back until you resume)' : 'Following';
    if (!paused && wake) { wake(); wake = null; }
  });
  run();
})();
`;
