/* zsbot sandbox web chat.
 *
 * Talks to the sandbox server on the same origin:
 *   /_sandbox/info, /_sandbox/jobs/{id}               personas, jobs; run a job now
 *   /_control/...                                     the Bot API emulator's control API
 * Every text from the bot or a user is put into the page as text nodes (never as HTML); Telegram
 * formatting is rebuilt from the message entities the emulator parsed, so nothing can inject markup.
 */
"use strict";

(() => {
  const CITIES = [
    ["兴义 Xingyi", 25.0920, 104.8950],
    ["深圳 Shenzhen", 22.5431, 114.0579],
    ["上海 Shanghai", 31.2304, 121.4737],
    ["成都 Chengdu", 30.5728, 104.0668],
    ["杭州 Hangzhou", 30.2741, 120.1551],
    ["广州 Guangzhou", 23.1291, 113.2644],
    ["北京 Beijing", 39.9042, 116.4074],
  ];
  const SAFE_URL = /^(https?:|mailto:|tg:)/i;

  const state = {
    info: null,
    current: null,
    messages: new Map(), // message_id -> {data, node}
    lastEvent: 0,
    replyTo: null,
    badges: new Map(), // chat_id -> [badge elements]
    unread: new Map(), // chat_id -> count
    commandsTimer: null,
  };

  const $ = (id) => document.getElementById(id);

  /** An element with properties/attributes and children (strings become text nodes). */
  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "className") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "style") Object.assign(node.style, value); // CSSOM: allowed by the CSP, unlike style=""
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function bilingual(zh, en) {
    return [zh, " ", h("span", { className: "en" }, en)];
  }

  async function api(path, body) {
    const init = body === undefined
      ? {}
      : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
    const response = await fetch(path, init);
    let data = null;
    try {
      data = await response.json();
    } catch (_) {
      data = null;
    }
    if (!response.ok) throw new Error((data && data.error) || `${response.status} ${response.statusText}`);
    return data;
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // ------------------------------------------------------------------ toast

  let toastTimer = null;
  function toast(text, alert = false) {
    const box = $("toast");
    box.textContent = text;
    box.className = alert ? "toast alert" : "toast";
    box.hidden = false;
    clearTimeout(toastTimer);
    if (!alert) toastTimer = setTimeout(() => { box.hidden = true; }, 3500);
  }

  // ------------------------------------------------------------------ rich text

  function safeUrl(url) {
    const value = String(url || "").trim();
    if (SAFE_URL.test(value)) return value;
    if (/^[\w.-]+\.[a-z]{2,}(\/|$)/i.test(value)) return `https://${value}`;
    return null;
  }

  function entityNode(entity, text) {
    switch (entity.type) {
      case "bold": return h("b");
      case "italic": return h("i");
      case "underline": return h("u");
      case "strikethrough": return h("s");
      case "code": return h("code");
      case "pre": return h("pre", { dataset: entity.language ? { language: entity.language } : undefined });
      case "spoiler": {
        const span = h("span", { className: "spoiler", title: "点击显示 · click to reveal" });
        span.addEventListener("click", () => span.classList.add("shown"));
        return span;
      }
      case "blockquote":
      case "expandable_blockquote": return h("blockquote");
      case "text_link":
      case "url": {
        const href = safeUrl(entity.type === "url" ? text : entity.url);
        return href ? h("a", { href, target: "_blank", rel: "noopener noreferrer" }) : h("span");
      }
      case "email": return h("a", { href: `mailto:${text}` });
      case "bot_command": {
        const link = h("a", { className: "cmd", role: "button", tabindex: "0" });
        link.addEventListener("click", () => sendText(text.split("@")[0]));
        return link;
      }
      default: return h("span", { className: `entity-${entity.type}` });
    }
  }

  const COMMAND_IN_TEXT = /(^|[\s(（“"])(\/[A-Za-z0-9_]{1,32})(?=$|[\s,.;:!?)，。；：！？）”"、])/g;

  /** Plain text, with /commands clickable as Telegram clients show them. */
  function appendText(parent, text, linkCommands) {
    if (!linkCommands) { parent.append(text); return; }
    let last = 0;
    for (const match of text.matchAll(COMMAND_IN_TEXT)) {
      const start = match.index + match[1].length;
      if (start > last) parent.append(text.slice(last, start));
      const command = match[2];
      const link = h("a", { className: "cmd", role: "button", tabindex: "0" }, command);
      link.addEventListener("click", () => sendText(command));
      parent.append(link);
      last = start + command.length;
    }
    if (last < text.length) parent.append(text.slice(last));
  }

  /** Text + entities (UTF-16 offsets, as JavaScript strings count) → a fragment of safe nodes. */
  function renderRich(text, entities) {
    const fragment = document.createDocumentFragment();
    const list = (entities || [])
      .filter((e) => e.length > 0 && e.offset >= 0 && e.offset + e.length <= text.length)
      .sort((a, b) => a.offset - b.offset || b.length - a.length);

    function build(parent, start, end, items, linkCommands = true) {
      let position = start;
      let i = 0;
      while (i < items.length) {
        const entity = items[i];
        const stop = entity.offset + entity.length;
        if (entity.offset < position) { i += 1; continue; } // overlaps a sibling: drop
        if (entity.offset > position) appendText(parent, text.slice(position, entity.offset), linkCommands);
        const inner = [];
        let j = i + 1;
        while (j < items.length && items[j].offset < stop) {
          if (items[j].offset + items[j].length <= stop) inner.push(items[j]);
          j += 1;
        }
        const node = entityNode(entity, text.slice(entity.offset, stop));
        const plain = linkCommands && !["code", "pre", "text_link", "url", "email", "bot_command"].includes(entity.type);
        build(node, entity.offset, stop, inner, plain);
        parent.append(node);
        position = stop;
        i = j;
      }
      if (position < end) appendText(parent, text.slice(position, end), linkCommands);
    }

    build(fragment, 0, text.length, list);
    return fragment;
  }

  // ------------------------------------------------------------------ personas and jobs

  function hue(text) {
    let value = 0;
    for (const ch of text) value = (value * 31 + ch.codePointAt(0)) % 360;
    return value;
  }

  function renderPersonas() {
    const list = $("personas");
    list.replaceChildren();
    state.badges.clear();
    for (const persona of state.info.personas) {
      const badge = h("span", { className: "badge", hidden: true });
      const button = h(
        "button",
        {
          type: "button",
          className: "persona",
          dataset: { key: persona.key },
          title: `${persona.hint_zh}\n${persona.hint_en}`,
          onclick: () => selectPersona(persona),
        },
        h("span", { className: "avatar", style: { background: `hsl(${hue(persona.name)},55%,48%)` } },
          persona.group_chat ? "群" : persona.name.slice(0, 1)),
        h("span", { className: "who" },
          h("div", { className: "name" }, persona.name),
          h("div", { className: "role" }, persona.role_zh, " · ", h("span", { className: "en" }, persona.role_en))),
        badge,
      );
      list.append(h("li", {}, button));
      const badges = state.badges.get(persona.chat_id) || [];
      badges.push(badge);
      state.badges.set(persona.chat_id, badges);
    }
  }

  function setUnread(chatId, count) {
    state.unread.set(chatId, count);
    for (const badge of state.badges.get(chatId) || []) {
      badge.textContent = String(count);
      badge.hidden = count === 0;
    }
  }

  function renderJobs() {
    const box = $("jobs");
    box.replaceChildren();
    for (const job of state.info.jobs) {
      box.append(h(
        "button",
        { type: "button", className: "job", dataset: { job: job.id }, title: job.description, onclick: () => runJob(job) },
        bilingual(job.label_zh, job.label_en),
        h("span", { className: "id" }, job.id),
      ));
    }
  }

  async function runJob(job, day) {
    const status = $("job-status");
    status.replaceChildren(h("span", {}, bilingual(`正在运行“${job.label_zh}”…`, "running…")));
    try {
      const result = await api(`/_sandbox/jobs/${encodeURIComponent(job.id)}`, day ? { day } : {});
      if (result.skipped) {
        const again = h("button", { type: "button", onclick: () => runJob(job, result.next_workday) },
          bilingual(`按下一个工作日 ${result.next_workday} 运行`, `run as of ${result.next_workday}`));
        status.replaceChildren(h("div", { className: "skip", dataset: { result: "skipped" } },
          bilingual(`${result.day} 不是工作日，“${job.label_zh}”已跳过。`, "Not a working day: skipped.")), again);
        return;
      }
      status.replaceChildren(h("div", { className: "ok", dataset: { result: "done", count: result.count } },
        bilingual(`✓ “${job.label_zh}”（${result.day}）：${result.count} 条通知已入队，稍候送达。`,
          `${result.count} notification(s) queued.`)));
    } catch (error) {
      status.replaceChildren(h("div", { className: "err", dataset: { result: "error" } },
        bilingual("任务出错：", "job failed: "), error.message));
    }
  }

  // ------------------------------------------------------------------ the chat

  async function selectPersona(persona) {
    state.current = persona;
    state.messages.clear();
    clearReply();
    history.replaceState(null, "", `#${persona.key}`);
    for (const button of document.querySelectorAll(".persona")) {
      button.classList.toggle("active", button.dataset.key === persona.key);
    }
    $("chat-title").textContent = persona.name;
    $("chat-subtitle").replaceChildren(...bilingual(persona.role_zh, persona.role_en));
    $("chat-hint").replaceChildren(persona.hint_zh, h("br"), h("span", { className: "en" }, persona.hint_en));
    setUnread(persona.chat_id, 0);
    renderExamples(persona);
    $("open-miniapp").hidden = !persona.miniapp;
    const box = $("messages");
    box.replaceChildren();
    try {
      const transcript = await api(`/_control/chats/${persona.chat_id}/messages`);
      if (state.current !== persona) return;
      for (const message of transcript) upsert(message, false);
      showEmptyHint();
      box.scrollTop = box.scrollHeight;
      renderReplyKeyboard();
      await loadCommands();
    } catch (error) {
      toast(`无法读取聊天记录 · cannot load the chat: ${error.message}`);
    }
    $("text").focus();
  }

  // ------------------------------------------------------------------ the Mini App (menu button, web_app buttons)

  async function openMiniApp(url) {
    const persona = state.current;
    const query = url ? `?url=${encodeURIComponent(url)}` : "";
    try {
      const link = await api(`/_sandbox/miniapp/${encodeURIComponent(persona.key)}${query}`);
      $("miniapp-frame").src = link.url;
      $("miniapp-panel").hidden = false;
    } catch (error) {
      toast(`无法打开看板 · cannot open the Mini App: ${error.message}`);
    }
  }

  function closeMiniApp() {
    $("miniapp-panel").hidden = true;
    $("miniapp-frame").src = "about:blank";
  }

  function showEmptyHint() {
    const box = $("messages");
    const empty = box.querySelector(".empty");
    if (state.messages.size === 0 && !empty) {
      box.append(h("div", { className: "empty" },
        h("div", {}, "还没有消息。点下方菜单或“试试”开始。"),
        h("div", { className: "en" }, "No messages yet. Start with a menu command or a suggestion below.")));
    } else if (state.messages.size > 0 && empty) {
      empty.remove();
    }
  }

  function renderExamples(persona) {
    const box = $("examples");
    box.replaceChildren();
    for (const example of persona.examples) {
      box.append(h("button", {
        type: "button",
        className: "chip",
        title: "填入输入框 · put into the message box",
        onclick: () => { const text = $("text"); text.value = example; autoGrow(); text.focus(); },
      }, example));
    }
  }

  async function loadCommands() {
    const persona = state.current;
    const scope = (value) => `/_control/commands?scope=${encodeURIComponent(JSON.stringify(value))}`;
    let commands = await api(scope({ type: "chat", chat_id: persona.chat_id }));
    if (!commands.length && persona.group_chat) commands = await api(scope({ type: "all_group_chats" }));
    if (!commands.length) commands = await api(scope({ type: "default" }));
    if (state.current !== persona) return;
    const box = $("commands");
    box.replaceChildren();
    for (const command of commands) {
      box.append(h("button", {
        type: "button",
        className: "chip",
        dataset: { command: command.command },
        title: command.description,
        onclick: () => sendText(`/${command.command}`),
      }, `/${command.command}`, h("span", { className: "desc" }, command.description)));
    }
  }

  function scheduleCommandsRefresh() {
    clearTimeout(state.commandsTimer);
    state.commandsTimer = setTimeout(() => { loadCommands().catch(() => {}); }, 400);
  }

  function isMine(message) {
    return !message.from_bot && message.from && message.from.id === state.current.user_id;
  }

  function upsert(message, animate = true) {
    const previous = state.messages.get(message.message_id);
    if (previous && message.history.length < previous.data.history.length) return; // an older version
    if (message.deleted) {
      if (previous) previous.node.remove();
      state.messages.delete(message.message_id);
      showEmptyHint();
      return;
    }
    const box = $("messages");
    const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
    const node = renderMessage(message);
    if (previous) {
      previous.node.replaceWith(node);
    } else {
      const later = [...state.messages.values()].filter((m) => m.data.message_id > message.message_id);
      const before = later.length ? later.reduce((a, b) => (a.data.message_id < b.data.message_id ? a : b)) : null;
      if (before) box.insertBefore(node, before.node); else box.append(node);
    }
    state.messages.set(message.message_id, { data: message, node });
    showEmptyHint();
    if (animate && previous) node.classList.add("flash");
    if (!previous && (nearBottom || isMine(message))) box.scrollTop = box.scrollHeight;
  }

  function excerpt(message) {
    if (!message) return "…";
    const text = message.text || message.caption || "";
    if (text) return text.slice(0, 80);
    if (message.photo) return "🖼 照片 photo";
    if (message.document) return `📄 ${message.document.file_name || "file"}`;
    if (message.location) return "📍 位置 location";
    return "…";
  }

  function renderMessage(message) {
    if (message.service && !message.text && !message.caption && !message.photo && !message.document) {
      const joined = message.service.new_chat_members ? "机器人已加入本群 · the bot joined the group" : "服务消息 · service message";
      return h("div", { className: "service", dataset: { id: message.message_id } }, joined);
    }
    const mine = isMine(message);
    const node = h("div", {
      className: `msg ${mine ? "mine" : "theirs"}`,
      dataset: { id: message.message_id, from: message.from_bot ? "bot" : "user" },
    });
    if (state.current.group_chat && !mine) {
      node.append(h("div", { className: "sender" }, message.from_bot ? state.info.bot.first_name : message.from.first_name));
    }
    if (message.reply_to_message_id) {
      const target = state.messages.get(message.reply_to_message_id);
      node.append(h("div", {
        className: "quote",
        onclick: () => flash(message.reply_to_message_id),
      }, "↩ ", excerpt(target && target.data)));
    }
    if (message.photo) {
      node.append(h("a", { href: message.photo.url, target: "_blank", rel: "noopener" },
        h("img", { className: "photo", src: message.photo.url, alt: "照片 photo", loading: "lazy" })));
    }
    if (message.document) node.append(renderDocument(message.document));
    if (message.location) node.append(renderLocation(message.location));
    const text = message.text !== null && message.text !== undefined ? message.text : message.caption;
    if (text) node.append(h("div", { className: "body" }, renderRich(text, message.entities)));
    const keyboard = renderInlineKeyboard(message);
    if (keyboard) node.append(keyboard);
    node.append(renderMeta(message));
    return node;
  }

  function renderDocument(doc) {
    const size = doc.file_size > 1024 ? `${(doc.file_size / 1024).toFixed(1)} KB` : `${doc.file_size} B`;
    return h("a", { className: "document", href: doc.url, download: doc.file_name || "file" },
      h("span", { className: "icon-file" }, "📄"),
      h("span", {}, doc.file_name || "file", h("span", { className: "size" }, `${size} · 下载 download`)));
  }

  function renderLocation(location) {
    const near = CITIES.find(([, lat, lon]) => Math.abs(lat - location.latitude) < 0.3 && Math.abs(lon - location.longitude) < 0.3);
    return h("div", { className: "location-card" },
      `📍 ${near ? near[0] : "位置 location"}`,
      h("div", { className: "en" }, `${location.latitude.toFixed(4)}, ${location.longitude.toFixed(4)}`));
  }

  function renderInlineKeyboard(message) {
    const rows = (message.reply_markup && message.reply_markup.inline_keyboard) || [];
    if (!rows.length) return null;
    const box = h("div", { className: "keyboard" });
    for (const row of rows) {
      const line = h("div", { className: "row" });
      for (const button of row) line.append(renderInlineButton(message, button));
      box.append(line);
    }
    return box;
  }

  function renderInlineButton(message, button) {
    if (button.web_app !== undefined) {
      return h("button", { type: "button", className: "web-app", onclick: () => openMiniApp(button.web_app.url) }, button.text);
    }
    if (button.url !== undefined) {
      const href = safeUrl(button.url);
      if (href) return h("a", { href, target: "_blank", rel: "noopener noreferrer", title: button.url }, button.text, " ↗");
      return h("button", { type: "button", disabled: true, title: button.url }, button.text);
    }
    if (button.callback_data === undefined) {
      return h("button", { type: "button", disabled: true, title: "沙盒不支持 · not supported here" }, button.text);
    }
    const node = h("button", { type: "button", dataset: { callback: button.callback_data } }, button.text);
    node.addEventListener("click", () => press(message, button, node));
    return node;
  }

  function renderMeta(message) {
    const time = new Date(message.date * 1000);
    const meta = h("div", { className: "meta" });
    if (state.current.group_chat && !message.from_bot && !message.delivered_to_bot) {
      meta.append(h("span", { className: "unseen", title: "群隐私模式：机器人只收到命令和对它的回复 · group privacy: the bot only gets commands and replies to it" },
        "机器人未收到 · not seen by the bot"));
    }
    if (message.edited) meta.append(h("span", {}, "已编辑 edited"));
    const zone = { timeZone: state.info.timezone, hour12: false };
    meta.append(h("span", { title: time.toLocaleString("zh-CN", zone) },
      time.toLocaleTimeString("zh-CN", { ...zone, hour: "2-digit", minute: "2-digit" })));
    meta.append(h("button", {
      type: "button",
      className: "reply-btn",
      title: "回复这条消息 · reply to this message",
      onclick: () => setReply(message),
    }, "回复 Reply"));
    return meta;
  }

  function flash(messageId) {
    const entry = state.messages.get(messageId);
    if (!entry) return;
    entry.node.scrollIntoView({ block: "center", behavior: "smooth" });
    entry.node.classList.remove("flash");
    void entry.node.offsetWidth;
    entry.node.classList.add("flash");
  }

  function renderReplyKeyboard() {
    const box = $("reply-keyboard");
    box.replaceChildren();
    let keyboard = null;
    for (const { data } of state.messages.values()) {
      const markup = data.from_bot ? data.reply_markup : null;
      if (markup && markup.keyboard) keyboard = markup.keyboard;
      else if (markup && markup.remove_keyboard) keyboard = null;
    }
    box.hidden = !keyboard;
    for (const row of keyboard || []) {
      for (const button of row) {
        const label = typeof button === "string" ? button : button.text;
        const wantsLocation = typeof button === "object" && button.request_location;
        box.append(h("button", {
          type: "button",
          className: "chip",
          onclick: () => (wantsLocation ? shareLocation(CITIES[1]) : sendText(label)),
        }, label));
      }
    }
  }

  // ------------------------------------------------------------------ acting

  function target(extra) {
    const persona = state.current;
    const body = { user_id: persona.user_id, chat_id: persona.chat_id, ...extra };
    if (state.replyTo) body.reply_to_message_id = state.replyTo.message_id;
    return body;
  }

  async function act(path, body) {
    try {
      const message = await api(path, body);
      clearReply();
      if (message && message.message_id && message.chat_id === state.current.chat_id) upsert(message);
      return true;
    } catch (error) {
      toast(`发送失败 · not sent: ${error.message}`);
      return false;
    }
  }

  async function sendText(text) {
    const value = text.trim();
    if (!value) return false;
    return act("/_control/messages", target({ text: value }));
  }

  async function shareLocation([, latitude, longitude]) {
    return act("/_control/locations", target({ latitude, longitude }));
  }

  async function sendFile(file) {
    if (file.size > 20 * 1024 * 1024) {
      toast("文件太大（最多20MB） · the file is too big (20 MB at most)");
      return;
    }
    const base64 = await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
    const caption = $("text").value.trim() || undefined;
    const isImage = /^image\/(png|jpeg|gif|webp|bmp)$/.test(file.type);
    const sent = isImage
      ? await act("/_control/photos", target({ data_base64: base64, caption }))
      : await act("/_control/documents", target({
        data_base64: base64, file_name: file.name, mime_type: file.type || undefined, caption,
      }));
    if (sent && caption) { $("text").value = ""; autoGrow(); }
  }

  async function press(message, button, node) {
    node.disabled = true;
    node.classList.add("pending");
    try {
      await api("/_control/press", {
        user_id: state.current.user_id,
        chat_id: state.current.chat_id,
        message_id: message.message_id,
        button: button.callback_data,
      });
    } catch (error) {
      toast(`按钮无效 · button failed: ${error.message}`);
    } finally {
      setTimeout(() => { node.disabled = false; node.classList.remove("pending"); }, 1200);
    }
  }

  function setReply(message) {
    state.replyTo = message;
    $("replying-text").textContent = excerpt(message);
    $("replying").hidden = false;
    $("text").focus();
  }

  function clearReply() {
    state.replyTo = null;
    $("replying").hidden = true;
  }

  // ------------------------------------------------------------------ live updates

  function handleEvent(event) {
    const current = state.current;
    if (event.message && ["message", "edit", "delete"].includes(event.kind)) {
      if (current && event.chat_id === current.chat_id) {
        upsert(event.message);
        if (event.message.from_bot) {
          renderReplyKeyboard();
          scheduleCommandsRefresh();
        }
      } else if (event.kind === "message" && event.message.from_bot) {
        setUnread(event.chat_id, (state.unread.get(event.chat_id) || 0) + 1);
      }
    } else if (event.kind === "callback_answer" && current) {
      const query = event.callback_query;
      if (query.user_id === current.user_id && query.answer && query.answer.text) {
        toast(query.answer.text, query.answer.show_alert);
      }
    }
  }

  async function pollEvents() {
    for (;;) {
      try {
        const data = await api(`/_control/events?after=${state.lastEvent}&timeout=25`);
        for (const event of data.events) handleEvent(event);
        state.lastEvent = Math.max(state.lastEvent, data.last);
        document.body.classList.remove("offline");
      } catch (_) {
        document.body.classList.add("offline");
        toast("与沙盒的连接中断，正在重试… · lost the sandbox, retrying…");
        await sleep(2000);
      }
    }
  }

  // ------------------------------------------------------------------ composer

  function autoGrow() {
    const text = $("text");
    text.style.height = "auto";
    text.style.height = `${Math.min(text.scrollHeight, 160)}px`;
  }

  function wireComposer() {
    const text = $("text");
    $("open-miniapp").addEventListener("click", () => openMiniApp(null));
    $("miniapp-close").addEventListener("click", closeMiniApp);
    $("composer").addEventListener("submit", async (event) => {
      event.preventDefault();
      const value = text.value;
      if (await sendText(value)) { text.value = ""; autoGrow(); }
    });
    text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        $("composer").requestSubmit();
      }
    });
    text.addEventListener("input", autoGrow);
    $("attach").addEventListener("click", () => $("file").click());
    $("file").addEventListener("change", async () => {
      const file = $("file").files[0];
      $("file").value = "";
      if (file) await sendFile(file);
    });
    const select = $("location");
    CITIES.forEach(([name], index) => select.append(h("option", { value: String(index) }, name)));
    select.addEventListener("change", async () => {
      const index = select.value;
      select.value = "";
      if (index !== "") await shareLocation(CITIES[Number(index)]);
    });
    $("replying-cancel").addEventListener("click", clearReply);
    $("toast").addEventListener("click", () => { $("toast").hidden = true; });
  }

  // ------------------------------------------------------------------ start

  async function start() {
    wireComposer();
    try {
      state.info = await api("/_sandbox/info");
      state.lastEvent = (await api("/_control/state")).last_event;
    } catch (error) {
      toast(`沙盒未响应 · the sandbox does not answer: ${error.message}`, true);
      return;
    }
    const bot = state.info.bot;
    $("today").replaceChildren(`今天 `, h("span", { className: "en" }, "Today"), ` ${state.info.today} · ${state.info.timezone} · @${bot.username}`);
    if (state.info.public) {
      $("warning").append(h("strong", {}, " 注意：此沙盒可从本机以外访问。"),
        h("span", { className: "en" }, " It is reachable from other machines."));
    }
    renderPersonas();
    renderJobs();
    const wanted = decodeURIComponent(location.hash.slice(1));
    const persona = state.info.personas.find((p) => p.key === wanted) || state.info.personas[0];
    pollEvents();
    await selectPersona(persona);
    document.body.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", start);
})();
