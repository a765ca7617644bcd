/* global document, fetch, getComputedStyle, setTimeout, clearTimeout */
// The Admin tab: what `nudge stats`, `nudge due`, `nudge failed` and `nudge history` say, live, from
// GET /admin/overview.json (the same core functions as the CLI). Kept apart from app.js on purpose.
(() => {
  'use strict';
  const REFRESH_MS = 3000;
  let timer;

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);
    return node;
  };
  const utc = (iso) => (iso ? `${iso.slice(0, 19).replace('T', ' ')}Z` : '-');
  const ms = (n) => (n === null || n === undefined ? '-' : `${n} ms`);

  const toggle = el('button', 'admin-toggle', 'Admin');
  toggle.type = 'button';
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-controls', 'admin-panel');
  const panel = el('aside', 'admin-panel');
  panel.id = 'admin-panel';
  panel.hidden = true;
  panel.setAttribute('aria-label', 'Admin: the table at a glance');
  const heading = el('h2', 'admin-title', 'Admin');
  const status = el('p', 'admin-status', 'loading…');
  status.setAttribute('role', 'status');
  const body = el('div', 'admin-body');
  panel.append(heading, status, body);
  // In the sidebar's header when the page has one (out of the chat's way), else floating top right.
  const header = document.querySelector('.sidebar-header');
  if (header && getComputedStyle(header).display !== 'none') {
    toggle.classList.add('admin-toggle-docked');
    header.append(toggle);
  } else {
    document.body.append(toggle);
  }
  document.body.append(panel);

  toggle.addEventListener('click', () => {
    const open = panel.hidden;
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    clearTimeout(timer);
    if (open) void refresh();
  });

  function table(headers, rows, empty) {
    if (rows.length === 0) return el('p', 'admin-empty', empty);
    const t = el('table', 'admin-table');
    const head = el('tr');
    for (const h of headers) head.append(el('th', '', h));
    t.append(el('thead')).append(head);
    const tbody = el('tbody');
    for (const row of rows) {
      const tr = el('tr');
      for (const cell of row) tr.append(el('td', '', cell));
      tbody.append(tr);
    }
    t.append(tbody);
    return t;
  }

  function section(title, content) {
    const s = el('section', 'admin-section');
    s.append(el('h3', '', title), content);
    return s;
  }

  function render(o) {
    const s = o.stats;
    const facts = el('dl', 'admin-facts');
    const fact = (k, v) => facts.append(el('dt', '', k), el('dd', '', v));
    fact('Pending', `${s.pending} (per shard ${s.pendingPerShard.join(' ')})`);
    fact('Due within', `1 min ${s.dueWithin.minute} · 1 h ${s.dueWithin.hour} · 1 day ${s.dueWithin.day}`);
    fact('Claimed', `${s.claimed.count}${s.claimed.count ? `, first lease ends ${utc(s.claimed.oldestLeaseEndsAt)}` : ''}${s.claimed.expired ? `, ${s.claimed.expired} expired` : ''}`);
    fact('Overdue', `${s.overdue.count}${s.overdue.oldestDueAt ? `, oldest due ${utc(s.overdue.oldestDueAt)}` : ''}`);
    fact('Failed', s.failed);
    fact('Paused', `${s.paused.reminders} in ${s.paused.chats} chat(s)`);
    fact('Chats', s.chats ?? '-');
    fact('Deliveries', `last hour ${s.deliveries.lastHour} · last day ${s.deliveries.lastDay}`);
    const w = s.lastSweep;
    fact('Last sweep', w ? `${utc(w.startedAt)}, ${w.durationMs} ms, delivered ${w.delivered}, lag p50 ${ms(w.lagP50Ms)} / p95 ${ms(w.lagP95Ms)}` : 'none yet');
    body.replaceChildren(
      section('Stats', facts),
      section('Due in the next hour', table(['fires (UTC)', 'chat', 'status', 'id'], o.dueSoon.map((r) => [utc(r.fireAt), r.chatId, r.status, r.id]), 'Nothing due in the next hour.')),
      section('Failed and paused', table(['since (UTC)', 'chat', '#', 'status', 'reason', 'text'], o.stopped.map((r) => [utc(r.since), r.chatId, `#${r.shortId}`, r.status, r.reason, r.text]), 'Nothing failed or paused.')),
      section('Recent deliveries', table(['sent (UTC)', 'lag', 'chat', '#', 'text'], o.deliveries.map((d) => [utc(d.sentAt), ms(d.lagMs), d.chatId, d.shortId === null ? '-' : `#${d.shortId}`, d.text ?? '']), 'No deliveries in the last day.')),
    );
    status.textContent = `Updated ${new Date().toLocaleTimeString()} · read ${o.reads.items} items in ${o.reads.requests} requests (no scan)`;
  }

  async function refresh() {
    try {
      const answer = await fetch('/admin/overview.json', { cache: 'no-store' });
      const data = await answer.json();
      if (!data.ok) throw new Error(data.error || `HTTP ${answer.status}`);
      render(data);
    } catch (error) {
      status.textContent = `Could not read the table: ${error.message}`;
    }
    if (!panel.hidden) timer = setTimeout(refresh, REFRESH_MS);
  }
})();
