/* global document, fetch, localStorage, setTimeout */
// The Outbox panel: e-mails local mode "sent" (written as .eml files under the data folder) for the
// chat shown, newest first. Separate from app.js on purpose; it only reads which chat is open.
(function () {
  'use strict';
  const POLL_MS = 3000;
  const panel = document.getElementById('outbox');
  const list = document.getElementById('outbox-list');
  const empty = document.getElementById('outbox-empty');
  if (!panel || !list || !empty) return;
  let lastKey = '';

  function currentChat() {
    try {
      return localStorage.getItem('nudge.chat') || '';
    } catch {
      return '';
    }
  }

  function render(messages) {
    list.textContent = '';
    empty.hidden = messages.length > 0;
    for (const mail of messages) {
      const item = document.createElement('li');
      item.className = 'outbox-item';
      const details = document.createElement('details');
      const summary = document.createElement('summary');
      const subject = document.createElement('span');
      subject.className = 'outbox-subject';
      subject.textContent = mail.subject || '(no subject)';
      const meta = document.createElement('span');
      meta.className = 'outbox-meta';
      meta.textContent = `to ${mail.to} · ${new Date(mail.date).toLocaleString()}`;
      summary.append(subject, meta);
      const body = document.createElement('pre');
      body.className = 'outbox-body';
      body.textContent = mail.text;
      details.append(summary, body);
      item.append(details);
      list.append(item);
    }
  }

  async function poll() {
    try {
      const chat = currentChat();
      const response = await fetch(`outbox.json${chat ? `?chat=${encodeURIComponent(chat)}` : ''}`);
      const data = await response.json();
      panel.hidden = !data.enabled;
      const key = `${chat}|${data.messages.map((m) => m.file).join(',')}`;
      if (key !== lastKey) {
        lastKey = key;
        render(data.messages);
      }
    } catch {
      // The server is restarting or gone; try again on the next tick.
    }
    setTimeout(poll, POLL_MS);
  }
  void poll();
})();
