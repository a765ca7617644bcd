/* global document, window, fetch, EventSource, DOMParser, Node, URLSearchParams, localStorage, setTimeout, clearTimeout */
// Nudge's local chat page: a Telegram-like client for the local Bot API stand-in.
// Plain JS on purpose (no build step). It talks to the stand-in's user-side API through the chat
// server, same origin: GET/POST /user/<chatId>/messages, POST /user/<chatId>/callbacks, SSE /user/<chatId>/events.
'use strict';

(function main() {
  const els = {
    chatList: document.getElementById('chat-list'),
    messages: document.getElementById('messages'),
    wrap: document.getElementById('messages-wrap'),
    title: document.getElementById('chat-title'),
    status: document.getElementById('chat-status'),
    connection: document.getElementById('connection'),
    form: document.getElementById('composer'),
    input: document.getElementById('composer-input'),
    sender: document.getElementById('sender'),
    senderLabel: document.getElementById('sender-label'),
    error: document.getElementById('send-error'),
    brain: document.getElementById('brain-info'),
    toast: document.getElementById('toast'),
  };

  /** Filled from the server's /config.json (local/chat-server.ts), the one list of test chats. */
  let config = { botName: 'Nudge', brain: '', users: [], chats: [] };

  const state = {
    chat: undefined,
    /** message_id → rendered signature, to replace only what changed (edits) and animate only arrivals. */
    rendered: new Map(),
    source: undefined,
    refreshing: false,
    refreshAgain: false,
    /** Bumped on every chat switch so a late answer for the previous chat is dropped. */
    generation: 0,
    /** Follow new messages unless the person scrolled up to read older ones. */
    stickToBottom: true,
  };

  /** What a failed fetch means here: the page is up, the server behind it is not. */
  const NOT_RUNNING = 'Nudge is not running — start it with npm start';

  // Bubble times read like the bot's replies: 24-hour, in the zone the bot assumes (from /config.json).
  let timeFormat = clockFormat(undefined);
  let dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });

  function clockFormat(timeZone) {
    return new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) });
  }

  /** A sentence for a failed request: fetch's TypeError ("Failed to fetch") means nothing answered. */
  function reasonOf(error) {
    return error instanceof TypeError ? NOT_RUNNING : error.message;
  }

  // ---- setup ------------------------------------------------------------------------------

  async function start() {
    try {
      const response = await fetch('config.json', { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      config = { ...config, ...(await response.json()) };
    } catch (error) {
      showError(error instanceof TypeError ? NOT_RUNNING : `Could not load the chat list from Nudge (${error.message}). Is npm start still running?`);
      return;
    }
    if (config.timeZone) {
      try {
        timeFormat = clockFormat(config.timeZone);
        dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', timeZone: config.timeZone });
      } catch {
        // a zone this browser does not know: keep the browser's own
      }
    }
    els.wrap.addEventListener('scroll', () => {
      state.stickToBottom = els.wrap.scrollHeight - els.wrap.scrollTop - els.wrap.clientHeight < 80;
    });
    if (config.brain) els.brain.textContent = config.brain;
    renderChatList();
    const wanted = Number(new URLSearchParams(window.location.search).get('chat') ?? readSaved());
    const first = config.chats.find((chat) => chat.id === wanted) ?? config.chats[0];
    selectChat(first);
    bindComposer();
  }

  function readSaved() {
    try {
      return localStorage.getItem('nudge.chat');
    } catch {
      return null;
    }
  }

  function userById(id) {
    return config.users.find((user) => user.id === id) ?? { id, first_name: `User ${id}` };
  }

  function renderChatList() {
    els.chatList.replaceChildren(
      ...config.chats.map((chat, index) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'chat-item';
        button.dataset.chatId = String(chat.id);
        button.setAttribute('aria-current', 'false');
        const avatar = document.createElement('span');
        avatar.className = `avatar avatar-${index % 3}`;
        avatar.setAttribute('aria-hidden', 'true');
        avatar.textContent = initials(chat.title);
        const text = document.createElement('span');
        text.className = 'chat-item-text';
        const name = document.createElement('span');
        name.className = 'chat-item-name';
        name.textContent = chat.title;
        const sub = document.createElement('span');
        sub.className = 'chat-item-sub';
        sub.textContent = chat.kind === 'group' ? `group chat ${chat.id}` : `chat ${chat.id}`;
        text.append(name, sub);
        button.append(avatar, text);
        button.addEventListener('click', () => selectChat(chat));
        item.append(button);
        return item;
      }),
    );
  }

  function initials(title) {
    return title
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((word) => word[0].toUpperCase())
      .join('');
  }

  function selectChat(chat) {
    if (!chat) return;
    state.chat = chat;
    state.generation += 1;
    state.rendered.clear();
    els.messages.replaceChildren();
    for (const button of els.chatList.querySelectorAll('.chat-item')) {
      button.setAttribute('aria-current', String(Number(button.dataset.chatId) === chat.id));
    }
    els.title.textContent = chat.kind === 'group' ? chat.title : `${config.botName} · ${chat.title}`;
    els.status.textContent =
      chat.kind === 'group'
        ? `group · ${chat.users.length + 1} members`
        : `bot · you are ${userById(chat.users[0]).first_name} (chat ${chat.id})`;
    els.sender.replaceChildren(
      ...chat.users.map((id) => {
        const option = document.createElement('option');
        option.value = String(id);
        option.textContent = userById(id).first_name;
        return option;
      }),
    );
    els.senderLabel.hidden = chat.users.length < 2;
    document.title = `${chat.title} — Nudge local`;
    try {
      localStorage.setItem('nudge.chat', String(chat.id));
    } catch {
      // Private mode: fine.
    }
    connect();
    refresh();
  }

  // ---- live updates -------------------------------------------------------------------------

  function connect() {
    if (state.source) state.source.close();
    const chatId = state.chat.id;
    const source = new EventSource(`user/${encodeURIComponent(chatId)}/events`);
    state.source = source;
    setConnection('connecting…', false);
    source.onopen = () => {
      setConnection('live', true);
      if (els.error.textContent === NOT_RUNNING) {
        clearError();
        refresh();
      }
    };
    source.onerror = () => {
      // EventSource reconnects by itself; say so instead of failing silently, and say why when
      // the server is gone altogether.
      if (state.source !== source) return;
      setConnection('reconnecting…', false);
      fetch('config.json', { cache: 'no-store' }).catch(() => showError(NOT_RUNNING));
    };
    // Whatever the event says, the message list is the truth: re-read it (edits included).
    const onEvent = () => {
      if (state.source === source) refresh();
    };
    source.onmessage = onEvent;
    source.addEventListener('message', onEvent);
    source.addEventListener('edit', onEvent);
    // "typing…" while the bot works, as Telegram shows sendChatAction.
    source.addEventListener('chat_action', () => {
      if (state.source === source) showTyping();
    });
    // answerCallbackQuery with text: Telegram shows it as a short toast.
    source.addEventListener('callback_answer', (event) => {
      if (state.source !== source) return;
      try {
        const answer = JSON.parse(event.data);
        if (answer && typeof answer.text === 'string' && answer.text) showToast(answer.text);
      } catch {
        // not for us
      }
    });
  }

  let typingTimer;
  function showTyping() {
    clearTimeout(typingTimer);
    const wasLive = els.connection.classList.contains('live');
    els.connection.textContent = 'typing…';
    els.connection.classList.add('typing');
    // Telegram clears the action after 5 s or with the next message.
    typingTimer = setTimeout(() => {
      els.connection.classList.remove('typing');
      setConnection(wasLive ? 'live' : 'connecting…', wasLive);
    }, 5000);
  }

  let toastTimer;
  function showToast(text) {
    clearTimeout(toastTimer);
    els.toast.textContent = text;
    els.toast.hidden = false;
    toastTimer = setTimeout(() => {
      els.toast.hidden = true;
    }, 3500);
  }

  function setConnection(text, live) {
    if (els.connection.classList.contains('typing') && live) return;
    els.connection.textContent = text;
    els.connection.classList.toggle('live', live);
  }

  async function refresh() {
    // One read at a time; a burst of events collapses into one more read.
    if (state.refreshing) {
      state.refreshAgain = true;
      return;
    }
    state.refreshing = true;
    try {
      do {
        state.refreshAgain = false;
        const generation = state.generation;
        const response = await fetch(`user/${encodeURIComponent(state.chat.id)}/messages`, { cache: 'no-store' });
        if (!response.ok) throw new Error(`the stand-in answered ${response.status}`);
        const body = await response.json();
        if (generation !== state.generation) continue;
        render(Array.isArray(body) ? body : (body.messages ?? body.result ?? []));
      } while (state.refreshAgain);
    } catch (error) {
      showError(error instanceof TypeError ? NOT_RUNNING : `Could not load messages: ${error.message}`);
    } finally {
      state.refreshing = false;
    }
  }

  // ---- rendering ---------------------------------------------------------------------------

  function render(messages) {
    const initial = state.rendered.size === 0;
    if (messages.length === 0) {
      els.messages.replaceChildren(emptyNote());
      state.rendered.clear();
      return;
    }
    els.messages.querySelector('.empty')?.remove();

    const seen = new Set();
    let previousDay = '';
    let cursor = null; // the last node placed, to keep order
    for (const message of messages) {
      const id = String(message.message_id);
      seen.add(id);
      const when = messageTime(message);
      const day = dayFormat.format(when);
      if (day !== previousDay) {
        previousDay = day;
        const dayId = `day-${day}`;
        let dayNode = els.messages.querySelector(`[data-day="${cssEscape(dayId)}"]`);
        if (!dayNode) {
          dayNode = document.createElement('li');
          dayNode.className = 'day';
          dayNode.dataset.day = dayId;
          dayNode.textContent = day;
        }
        cursor = place(dayNode, cursor);
      }
      const signature = JSON.stringify([message.text, message.buttons ?? message.reply_markup, message.edited_at, message.parse_mode]);
      let node = els.messages.querySelector(`[data-message-id="${cssEscape(id)}"]`);
      if (!node || state.rendered.get(id) !== signature) {
        const fresh = renderMessage(message, when, !initial && !node);
        if (node) node.replaceWith(fresh);
        node = fresh;
        state.rendered.set(id, signature);
      }
      cursor = place(node, cursor);
    }
    for (const node of [...els.messages.querySelectorAll('[data-message-id]')]) {
      if (!seen.has(node.dataset.messageId)) {
        node.remove();
        state.rendered.delete(node.dataset.messageId);
      }
    }
    if (initial || state.stickToBottom) scrollToNewest();
  }

  function scrollToNewest() {
    els.wrap.scrollTop = els.wrap.scrollHeight;
    state.stickToBottom = true;
  }

  function messageTime(message) {
    if (message.received_at !== undefined) {
      const at = new Date(typeof message.received_at === 'number' && message.received_at < 1e12 ? message.received_at * 1000 : message.received_at);
      if (!Number.isNaN(at.getTime())) return at;
    }
    if (typeof message.date === 'number') return new Date(message.date * 1000);
    return new Date();
  }

  function place(node, after) {
    const expected = after ? after.nextSibling : els.messages.firstChild;
    if (expected !== node) els.messages.insertBefore(node, expected);
    return node;
  }

  function cssEscape(value) {
    return window.CSS && window.CSS.escape ? window.CSS.escape(value) : value.replace(/["\\]/g, '\\$&');
  }

  function emptyNote() {
    const note = document.createElement('li');
    note.className = 'empty';
    note.textContent = 'No messages yet — the chat shows this run only; your reminders are kept across restarts. Say hi, or try “remind me in 10 seconds to stretch”.';
    return note;
  }

  function isFromBot(message) {
    const from = message.from;
    return from === 'bot' || (typeof from === 'object' && from !== null && from.is_bot === true);
  }

  function senderName(message) {
    const from = message.from_user ?? message.user ?? message.sender ?? (typeof message.from === 'object' ? message.from : undefined);
    if (from && typeof from === 'object') return from.first_name ?? from.username ?? `User ${from.id}`;
    if (typeof from === 'number') return userById(from).first_name;
    return undefined;
  }

  function renderMessage(message, when, arrived) {
    const fromBot = isFromBot(message);
    const item = document.createElement('li');
    item.className = `message ${fromBot ? 'from-bot' : 'from-user'}${arrived ? ' arrived' : ''}`;
    item.dataset.messageId = String(message.message_id);

    const bubble = document.createElement('div');
    bubble.className = 'bubble';
    const who = fromBot ? config.botName : senderName(message) ?? 'You';
    // Screen readers hear who said it; sighted users see the side of the bubble.
    const label = document.createElement('span');
    label.className = 'visually-hidden';
    label.textContent = `${who} at ${timeFormat.format(when)}: `;
    bubble.append(label);
    if (state.chat.kind === 'group' && !fromBot) {
      const name = document.createElement('span');
      name.className = 'sender-name';
      name.setAttribute('aria-hidden', 'true');
      name.textContent = who;
      bubble.append(name);
    }

    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.setAttribute('aria-hidden', 'true');
    if (message.edited_at || message.edit_date) {
      const edited = document.createElement('span');
      edited.className = 'edited';
      edited.textContent = 'edited';
      meta.append(edited);
    }
    const time = document.createElement('time');
    time.dateTime = when.toISOString();
    time.textContent = timeFormat.format(when);
    meta.append(time);
    if (!fromBot) meta.append(' ✓✓');

    const text = document.createElement('div');
    text.className = 'text';
    text.append(...formatText(message.text ?? '', message.parse_mode));
    // A document (sendDocument, e.g. /export's .ics): a download link, its caption as the text.
    if (message.document) {
      const link = document.createElement('a');
      link.className = 'document';
      link.download = message.document.file_name;
      link.href = `data:${message.document.mime_type || 'application/octet-stream'};base64,${message.document.content_base64}`;
      link.textContent = `📎 ${message.document.file_name} (${message.document.file_size} bytes)`;
      bubble.append(link);
    }
    bubble.append(text, meta);
    item.append(bubble);

    const rows = keyboardRows(message);
    if (rows.length > 0) {
      item.classList.add('with-keyboard');
      item.append(renderKeyboard(message, rows));
    }
    return item;
  }

  function keyboardRows(message) {
    const rows = message.buttons ?? message.reply_markup?.inline_keyboard ?? [];
    return Array.isArray(rows) ? rows.filter((row) => Array.isArray(row) && row.length > 0) : [];
  }

  function renderKeyboard(message, rows) {
    const keyboard = document.createElement('div');
    keyboard.className = 'keyboard';
    keyboard.setAttribute('role', 'group');
    keyboard.setAttribute('aria-label', 'Reply buttons');
    for (const row of rows) {
      const line = document.createElement('div');
      line.className = 'keyboard-row';
      for (const spec of row) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'inline-button';
        button.textContent = spec.text;
        if (spec.url) {
          button.addEventListener('click', () => window.open(spec.url, '_blank', 'noopener'));
        } else {
          button.addEventListener('click', () => press(message, spec, button));
        }
        line.append(button);
      }
      keyboard.append(line);
    }
    return keyboard;
  }

  /** Telegram HTML subset, rebuilt from a parsed tree: nothing the bot sends can inject markup. */
  function formatText(text, parseMode) {
    if (parseMode === 'MarkdownV2') return [document.createTextNode(markdownToText(text))];
    if (parseMode !== 'HTML') return [document.createTextNode(text)];
    const parsed = new DOMParser().parseFromString(`<body>${text}</body>`, 'text/html');
    return [...parsed.body.childNodes].map(sanitize);
  }

  /** MarkdownV2 shown as plain text: escapes resolved, formatting marks dropped, link targets hidden. */
  function markdownToText(text) {
    return text
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\\(.)|[*_~`|]/g, (match, escaped) => escaped ?? '');
  }

  const ALLOWED = new Set(['B', 'STRONG', 'I', 'EM', 'U', 'INS', 'S', 'STRIKE', 'DEL', 'CODE', 'PRE', 'A', 'BR', 'BLOCKQUOTE']);

  function sanitize(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return document.createTextNode(node.textContent ?? '');
    const tag = node.tagName;
    const out = ALLOWED.has(tag) ? document.createElement(tag.toLowerCase()) : document.createElement('span');
    if (tag === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (/^https?:\/\//i.test(href)) {
        out.setAttribute('href', href);
        out.setAttribute('target', '_blank');
        out.setAttribute('rel', 'noopener noreferrer');
      }
    }
    out.append(...[...node.childNodes].map(sanitize));
    return out;
  }

  // ---- actions -----------------------------------------------------------------------------

  async function press(message, spec, button) {
    const all = button.closest('.keyboard').querySelectorAll('button');
    for (const other of all) other.disabled = true;
    button.classList.add('pressed');
    try {
      await postJson(`user/${encodeURIComponent(state.chat.id)}/callbacks`, {
        message_id: message.message_id,
        data: spec.callback_data,
        from: userById(Number(els.sender.value) || state.chat.users[0]),
      });
      clearError();
    } catch (error) {
      showError(`That button did not go through: ${reasonOf(error)}`);
      for (const other of all) other.disabled = false;
      button.classList.remove('pressed');
    }
  }

  function bindComposer() {
    els.form.addEventListener('submit', (event) => {
      event.preventDefault();
      send();
    });
    els.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        send();
      }
    });
    els.input.addEventListener('input', autosize);
    for (const hint of document.querySelectorAll('[data-insert]')) {
      hint.addEventListener('click', () => {
        els.input.value = hint.dataset.insert;
        autosize();
        els.input.focus();
      });
    }
    els.input.focus();
  }

  function autosize() {
    els.input.style.height = 'auto';
    els.input.style.height = `${Math.min(els.input.scrollHeight, 160)}px`;
  }

  async function send() {
    const text = els.input.value.trim();
    if (!text) return;
    const from = userById(Number(els.sender.value) || state.chat.users[0]);
    els.input.value = '';
    autosize();
    // Sending means reading the answer: follow the conversation again.
    scrollToNewest();
    try {
      await postJson(`user/${encodeURIComponent(state.chat.id)}/messages`, { text, from });
      clearError();
      refresh();
    } catch (error) {
      // Put the text back: nothing typed is lost.
      els.input.value = text;
      autosize();
      showError(`Not sent: ${reasonOf(error)}`);
    }
  }

  async function postJson(path, body) {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      let reason = `the stand-in answered ${response.status}`;
      try {
        const answer = await response.json();
        if (answer && typeof answer.error === 'string') reason = answer.error;
        else if (answer && typeof answer.description === 'string') reason = answer.description;
      } catch {
        // keep the status line
      }
      throw new Error(reason);
    }
    return response;
  }

  function showError(text) {
    els.error.textContent = text;
  }

  function clearError() {
    els.error.textContent = '';
  }

  start();
})();
