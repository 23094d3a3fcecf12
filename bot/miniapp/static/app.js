// zsbot Mini App: four views of the campaign as of a day, in the reader's scope.
// No framework, no request outside this origin; every value is put on the page as text (never HTML).
"use strict";

(function () {
  const launch = new URLSearchParams(location.hash.slice(1));
  const tg = window.Telegram && window.Telegram.WebApp;
  const initData = (tg && tg.initData) || launch.get("tgWebAppData") || "";
  const query = new URLSearchParams(location.search);

  // ------------------------------------------------------------------ words (Chinese first, English second)
  const WORDS = {
    zh: {
      title: "招商看板", day: "日期", whole: "全部工作组", travel: "在外招商", targets: "目标完成", board: "项目看板",
      supervision: "督办", out: "在外人数", reported: "已报日报", missing: "未报", ok: "已报", until: "至",
      cities: "按城市", nobody: "这一天没有人在外招商。", group: "工作组", park: "园区", industry: "产业",
      signed: "签约", target: "目标", landed: "落地", funds: "到位资金", completion: "完成率", schedule: "时序进度",
      gap: "与时序", trend: "全年走势", unassigned: "未分配", total: "合计", yi: "亿元", all: "全部",
      lead: "负责人", overdue: "逾期", stalled: "停滞", more: "加载更多", projects: "个项目", none: "没有符合条件的项目。",
      back: "返回", milestones: "节点", history: "进展记录", photos: "照片", problems: "需协调问题", done: "完成",
      open: "未办结", unit: "责任单位", days: "天", nohistory: "没有进展记录。", noissues: "没有未办结的督办。",
      due: "答复期限", escalated1: "已升级至组长", escalated2: "已升级至指挥部和联系领导", unassigned_unit: "待交办",
      asof: "督办为当前状态（{day}），不按所选日期回溯。", lgreen: "按期", lyellow: "临近答复期限或已升级", lred: "逾期未答复或节点逾期", ohistory: "办理记录",
      shown: "列出前 {n} 件。",
      unauthorized: "无法验证您的身份：请从 Telegram 中的机器人菜单打开。", forbidden: "仅指挥部办公室和工作组组长可查看。",
      failed: "加载失败，请稍后再试。", percent: "进度", stage: "阶段", ahead: "超前", behind: "落后", listed: "地图和列表显示前 {n} 人。",
    },
    en: {
      title: "Campaign dashboard", day: "Day", whole: "All work groups", travel: "Out", targets: "Targets",
      board: "Projects", supervision: "Supervision", out: "Out", reported: "Reported", missing: "Missing",
      ok: "Reported", until: "until", cities: "By city", nobody: "Nobody is out on this day.", group: "Group",
      park: "Park", industry: "Industry", signed: "Signed", target: "Target", landed: "Landed", funds: "Funds",
      completion: "Done", schedule: "Schedule", gap: "vs schedule", trend: "Trend", unassigned: "Unassigned",
      total: "Total", yi: "100M CNY", all: "All", lead: "Lead", overdue: "Overdue", stalled: "Stalled",
      more: "Load more", projects: "projects", none: "No project matches.", back: "Back", milestones: "Milestones",
      history: "Progress", photos: "Photos", problems: "Open issues", done: "done", open: "Open", unit: "Unit",
      days: "d", nohistory: "No progress reported.", noissues: "No open supervision order.",
      due: "Answer due", escalated1: "Escalated to the group leader", escalated2: "Escalated to the office and the liaison leader",
      unassigned_unit: "To be assigned", asof: "Supervision shows the orders as they stand now ({day}), not as of the day chosen.",
      lgreen: "on time", lyellow: "answer due soon or escalated", lred: "answer or milestone overdue", ohistory: "History", shown: "The first {n} are listed.",
      unauthorized: "Could not verify you: open this from the bot's menu in Telegram.",
      forbidden: "Only the command office and group leaders can see this.", failed: "Could not load; try again later.",
      percent: "Done", stage: "Stage", ahead: "ahead", behind: "behind", listed: "The map and the list show the first {n}.",
    },
  };
  const STAGES = {
    lead: ["线索", "Lead"], negotiating: ["洽谈", "Negotiating"], signed: ["签约", "Signed"],
    landed: ["落地", "Landed"], started: ["开工", "Started"], producing: ["投产", "Producing"],
  };
  const KINDS = {
    start_construction: ["开工", "Start construction"], bidding_done: ["完成招投标", "Bidding done"],
    preliminary_done: ["完成前期", "Preliminary work done"], signing: ["签约", "Signing"], production: ["投产", "Production"],
  };
  const ACTIONS = {
    raised: ["提出/生成", "raised"], ordered: ["转为督办单", "ordered"], assigned: ["交办", "assigned"],
    transferred: ["转办", "transferred"], answered: ["答复", "answered"], escalated: ["逾期升级", "escalated"],
    closing: ["申请办结", "closing note"], confirmed: ["确认办结", "confirmed"], reopened: ["退回重办", "reopened"],
    closed: ["办结", "closed"],
  };
  const SOURCES = { raised: ["项目负责人提出", "raised by the lead"], milestone: ["节点逾期", "milestone overdue"], stalled: ["项目停滞", "project stalled"] };
  let lang = "zh";
  const w = (key) => WORDS[lang][key] || WORDS.zh[key] || key;
  const pick = (table, key) => (table[key] ? table[key][lang === "en" ? 1 : 0] : key);

  // ------------------------------------------------------------------ theme and Telegram
  function applyTheme() {
    let theme = (tg && tg.themeParams) || {};
    try {
      if (launch.get("tgWebAppThemeParams")) theme = JSON.parse(launch.get("tgWebAppThemeParams"));
    } catch (e) { /* no theme: the defaults */ }
    for (const [key, value] of Object.entries(theme)) {
      if (typeof value === "string" && /^#[0-9a-fA-F]{3,8}$/.test(value)) {
        document.documentElement.style.setProperty("--tg-" + key.replace(/_/g, "-"), value);
      }
    }
  }
  function ready() {
    const event = JSON.stringify({ eventType: "web_app_ready", eventData: {} });
    try {
      if (tg && tg.ready) tg.ready();
      else if (window.TelegramWebviewProxy) window.TelegramWebviewProxy.postEvent("web_app_ready", "{}");
      else if (window.parent !== window) window.parent.postMessage(event, "*");
    } catch (e) { /* outside Telegram */ }
  }

  // ------------------------------------------------------------------ DOM helpers (text only)
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  // 万元 → 亿元 to the cent, exactly as core.vocabulary.wan_to_yi (decimal strings, half-even): no float
  function yi(wan) {
    const text = String(wan === null || wan === undefined ? "0" : wan).trim();
    const negative = text.startsWith("-");
    const [whole, frac = ""] = text.replace(/^[-+]/, "").split(".");
    const units = BigInt((whole || "0") + frac.padEnd(4, "0").slice(0, 4)); // in 0.0001 万元
    const step = 1000000n; // 0.01 亿元 = 100 万元 = 1,000,000 units
    let cents = units / step;
    const rest = (units % step) * 2n;
    if (rest > step || (rest === step && cents % 2n === 1n)) cents += 1n;
    const digits = cents.toString().padStart(3, "0");
    return (negative && cents > 0n ? "-" : "") + digits.slice(0, -2) + "." + digits.slice(-2);
  }
  const pct = (value) => (value === null || value === undefined ? "—" : Number(value).toFixed(1) + "%");
  const light = (colour) => el("span", { class: "light " + colour, "data-light": colour, title: colour });

  // ------------------------------------------------------------------ the API
  class HttpError extends Error { constructor(status) { super("HTTP " + status); this.status = status; } }
  async function api(path, params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== "" && value !== false) search.set(key, value === true ? "1" : value);
    }
    const url = "api/" + path + (search.toString() ? "?" + search : "");
    const response = await fetch(url, { headers: { Authorization: "tma " + initData }, cache: "no-store" });
    if (!response.ok) throw new HttpError(response.status);
    return response.json();
  }

  const state = { view: "travel", day: query.get("day") || "", me: null, board: {}, charts: [] };
  const main = document.getElementById("view");

  function showError(error) {
    const box = document.getElementById("error");
    const status = error && error.status;
    box.textContent = status === 401 ? w("unauthorized") : status === 403 ? w("forbidden") : w("failed");
    box.hidden = false;
    document.body.dataset.error = String(status || "network");
  }
  function clearCharts() {
    for (const chart of state.charts) chart.dispose();
    state.charts = [];
  }
  function chart(node) {
    const made = echarts.init(node, null, { renderer: "canvas" });
    state.charts.push(made);
    return made;
  }

  async function show(view, extra) {
    state.view = view;
    for (const tab of document.querySelectorAll("#tabs button")) tab.classList.toggle("active", tab.dataset.view === view);
    main.dataset.view = view;
    main.dataset.loaded = "false";
    try {
      const render = RENDER[view];
      const nodes = await render(extra);
      clearCharts();
      main.replaceChildren(...nodes.filter(Boolean));
      for (const hook of main.querySelectorAll("[data-chart]")) CHARTS[hook.dataset.chart](hook, hook._data);
      main.dataset.loaded = "true";
      document.getElementById("error").hidden = true;
    } catch (error) {
      clearCharts();
      main.replaceChildren();
      showError(error);
    }
  }
  function chartHolder(name, data, small) {
    const node = el("div", { class: small ? "chart small" : "chart", "data-chart": name });
    node._data = data;
    return node;
  }

  // ------------------------------------------------------------------ 在外招商
  async function travel() {
    const data = await api("travel", { day: state.day });
    const stats = el("div", { class: "stats" },
      el("div", { class: "stat" }, el("b", { id: "out-total" }, data.total), w("out")),
      el("div", { class: "stat" }, el("b", { id: "out-reported" }, data.reported), w("reported")),
      el("div", { class: "stat" }, el("b", {}, data.cities.length), w("cities")));
    if (!data.cities.length) return [stats, el("p", { class: "empty" }, w("nobody"))];
    const list = data.cities.map((city) => el("div", { class: "card city", "data-city": city.city || "" },
      el("div", { class: "row" }, el("b", {}, city.city || city.province || "—"), el("span", { class: "muted" }, city.people.length)),
      city.people.map((p) => el("div", { class: "line person", "data-name": p.name },
        el("div", { class: "grow" }, el("div", {}, p.name, p.companions.length ? " + " + p.companions.join("、") : ""),
          el("div", { class: "hint" }, [p.work_group, p.place, p.until ? w("until") + " " + p.until : null].filter(Boolean).join(" · "))),
        el("span", { class: "badge " + (p.reported ? "ok" : "missing") }, p.reported ? w("ok") : w("missing"))))));
    const cut = data.listed < data.total ? el("p", { class: "muted", id: "out-cut" }, w("listed").replace("{n}", data.listed)) : null;
    return [stats, chartHolder("map", data), cut, el("h2", {}, w("cities")), ...list];
  }

  // ------------------------------------------------------------------ 目标完成
  async function targets(by) {
    by = by || state.by || "group";
    state.by = by;
    const [data, trend] = await Promise.all([api("targets", { day: state.day, by }), api("trend", { day: state.day })]);
    const board = data.board;
    const switcher = el("div", { class: "chips" }, ["group", "park", "industry"].map((key) =>
      el("button", { type: "button", class: "chip" + (key === by ? " active" : ""), "data-by": key, onclick: () => show("targets", key) }, w(key))));
    const lines = data.lines.map((g) => {
      const name = g.total ? w("total") : g.name || w("unassigned");
      const gap = g.gap === null ? null : Number(g.gap);
      return el("div", { class: "card score", "data-name": name },
        el("div", { class: "row" }, el("b", {}, name), el("span", {}, pct(g.completion))),
        el("div", { class: "bar" }, el("i", { style: `width:${Math.min(100, Number(g.completion || 0))}%` }),
          el("s", { style: `left:${Math.min(100, Number(board.elapsed))}%` })),
        el("div", { class: "hint" }, `${w("signed")} ${yi(g.signed_wan)} / ${w("target")} ${yi(g.target_wan)} ${w("yi")}`,
          gap === null ? "" : ` · ${w("gap")} ${gap >= 0 ? "+" : ""}${gap.toFixed(1)}`),
        el("div", { class: "hint" }, `${w("landed")} ${yi(g.landed_wan)} · ${w("funds")} ${yi(g.funds_wan)} · ${g.signed_projects} ${w("projects")}`));
    });
    return [
      switcher,
      el("p", { class: "muted" }, `${w("schedule")} ${pct(board.elapsed)} (${board.since || ""} – ${board.as_of})`),
      ...lines,
      el("h2", {}, w("trend")),
      chartHolder("trend", trend, true),
    ];
  }

  // ------------------------------------------------------------------ 项目看板
  async function board(extra) {
    const f = state.board;
    if (extra && extra.more) f.offset = (f.offset || 0) + 50; else f.offset = 0;
    const data = await api("board", { day: state.day, ...f });
    const me = state.me;
    const stageChips = el("div", { class: "chips", id: "stages" },
      el("button", { type: "button", class: "chip" + (f.stage ? "" : " active"), "data-stage": "", onclick: () => { f.stage = ""; show("board"); } },
        `${w("all")} ${Object.values(data.stages).reduce((a, b) => a + b, 0)}`),
      Object.keys(STAGES).filter((s) => data.stages[s]).map((s) =>
        el("button", { type: "button", class: "chip" + (f.stage === s ? " active" : ""), "data-stage": s, onclick: () => { f.stage = s; show("board"); } },
          `${pick(STAGES, s)} ${data.stages[s]}`)));
    const select = (name, options, label) => el("select", { name, "aria-label": label, onchange: (e) => { f[name] = e.target.value; show("board"); } },
      el("option", { value: "" }, `${label}: ${w("all")}`),
      options.map(([value, text]) => el("option", { value, selected: String(f[name] || "") === String(value) }, text)));
    const filters = el("div", { class: "filters", id: "filters" },
      me.groups.length > 1 ? select("group", me.groups.map((g) => [g.id, g.name]), w("group")) : null,
      select("park", data.parks.map((p) => [p.id, p.name]), w("park")),
      select("industry", data.industries.map((i) => [i, i]), w("industry")),
      el("input", { type: "search", name: "lead", placeholder: w("lead"), value: f.lead || "",
        onchange: (e) => { f.lead = e.target.value; show("board"); } }),
      el("label", {}, el("input", { type: "checkbox", name: "overdue", checked: !!f.overdue, onchange: (e) => { f.overdue = e.target.checked; show("board"); } }), w("overdue")),
      el("label", {}, el("input", { type: "checkbox", name: "stalled", checked: !!f.stalled, onchange: (e) => { f.stalled = e.target.checked; show("board"); } }), w("stalled")));
    const rows = data.items.map((p) => el("div", { class: "line project", "data-id": p.id, "data-light": p.light, onclick: () => show("project", p.id) },
      light(p.light),
      el("div", { class: "grow" }, el("div", {}, p.name),
        el("div", { class: "hint" }, [pick(STAGES, p.stage), p.work_group, p.park, p.industry, p.lead].filter(Boolean).join(" · "))),
      el("span", { class: "muted" }, p.percent_done === null ? "" : p.percent_done + "%")));
    const shown = data.offset + data.items.length;
    return [stageChips, filters,
      el("p", { class: "muted", id: "board-total" }, `${data.total} ${w("projects")}`),
      rows.length ? el("div", { class: "card", id: "projects" }, rows) : el("p", { class: "empty" }, w("none")),
      shown < data.total ? el("button", { type: "button", class: "primary", onclick: () => show("board", { more: true }) }, w("more")) : null];
  }

  async function project(id) {
    const data = await api("project/" + id);
    const c = data.card;
    main.dataset.view = "project";
    const milestones = c.milestones.map((m) => el("div", { class: "line" },
      light(m.state === "overdue" ? "red" : m.state === "due_soon" ? "yellow" : "green"),
      el("div", { class: "grow" }, m.kind === "custom" ? m.name : pick(KINDS, m.kind)),
      el("span", { class: "muted" }, m.done_on ? `${w("done")} ${m.done_on}` : m.due_text || m.due_date)));
    const history = data.history.map((h) => el("div", { class: "line" },
      el("div", { class: "grow" }, el("div", {}, h.text || (h.stage ? pick(STAGES, h.stage) : "—")),
        el("div", { class: "hint" }, [h.report_date, h.author, h.percent_done !== null ? h.percent_done + "%" : null,
          h.funds_arrived_wan ? `${w("funds")} ${yi(h.funds_arrived_wan)} ${w("yi")}` : null].filter(Boolean).join(" · ")),
        h.problems ? el("div", { class: "hint" }, `${w("problems")}: ${h.problems}`) : null)));
    const photos = el("div", { class: "photos" });
    for (const pid of data.photo_ids) {
      const img = el("img", { alt: "" });
      photos.append(img);
      fetch("api/photo/" + pid, { headers: { Authorization: "tma " + initData } })
        .then((r) => (r.ok ? r.blob() : null)).then((b) => { if (b) img.src = URL.createObjectURL(b); });
    }
    return [
      el("button", { type: "button", class: "link", onclick: () => show("board", { keep: true }) }, "‹ " + w("back")),
      el("div", { class: "card", id: "project-card", "data-id": c.id },
        el("div", { class: "row" }, el("b", {}, light(c.light), c.name), el("span", {}, pick(STAGES, c.stage))),
        el("div", { class: "hint" }, [c.work_group, c.park, c.industry, c.unit, c.lead && `${w("lead")} ${c.lead}`].filter(Boolean).join(" · ")),
        el("div", { class: "hint" }, `${w("signed")} ${yi(c.signed_wan)} · ${w("landed")} ${yi(c.landed_wan)} · ${w("funds")} ${yi(c.funds_wan)} ${w("yi")}` +
          (c.percent_done !== null ? ` · ${w("percent")} ${c.percent_done}%` : ""))),
      el("h2", {}, w("milestones")), el("div", { class: "card" }, milestones.length ? milestones : "—"),
      c.problems.length ? el("h2", {}, `${w("problems")} (${c.open_issues})`) : null,
      c.problems.length ? el("div", { class: "card" }, c.problems.map((p) => el("div", { class: "line" }, p))) : null,
      el("h2", {}, w("history")), el("div", { class: "card", id: "history" }, history.length ? history : el("p", { class: "empty" }, w("nohistory"))),
      data.photo_ids.length ? el("h2", {}, w("photos")) : null, data.photo_ids.length ? photos : null,
    ];
  }

  // ------------------------------------------------------------------ 督办
  async function supervision() {
    const data = await api("supervision", {});
    const stats = el("div", { class: "stats" }, ["red", "yellow", "green"].map((c) =>
      el("div", { class: "stat", "data-light": c }, el("b", {}, data.lights[c] || 0), light(c))));
    const units = el("table", { id: "units" },
      el("tr", {}, el("th", { style: "width:55%" }, w("unit")), el("th", {}, light("red")), el("th", {}, light("yellow")), el("th", {}, light("green"))),
      data.units.map((u) => el("tr", {}, el("td", {}, u.unit || w("unassigned_unit")), el("td", {}, u.red), el("td", {}, u.yellow), el("td", {}, u.green))));
    const items = data.items.map((item) => el("div", { class: "card issue", "data-light": item.colour, "data-id": item.id },
      el("div", { class: "row" }, el("b", {}, light(item.colour), item.code), el("span", { class: "muted" }, `${item.age_days} ${w("days")}`)),
      el("div", {}, item.description),
      el("div", { class: "hint" }, [item.project, item.work_group, item.unit || w("unassigned_unit"), pick(SOURCES, item.source)].filter(Boolean).join(" · ")),
      item.answer_due ? el("div", { class: "hint due" }, `${w("due")} ${item.answer_due}`) : null,
      item.escalation_level ? el("div", { class: "hint escalated" }, w(item.escalation_level > 1 ? "escalated2" : "escalated1")) : null,
      item.history.length ? el("details", {}, el("summary", {}, `${w("ohistory")} (${item.history.length})`),
        item.history.map((h) => el("div", { class: "hint" }, `${h.at.slice(0, 10)} ${pick(ACTIONS, h.action)} ${h.actor || ""} ${h.text || ""}`))) : null));
    const notes = [el("p", { class: "muted" }, `${w("open")} ${data.total}` + (data.items.length < data.total ? " · " + w("shown").replace("{n}", data.items.length) : "")),
      el("p", { class: "hint", id: "legend" }, ["green", "yellow", "red"].map((c) => el("span", {}, light(c), w("l" + c), " ")))];
    if (state.day && state.day !== data.day) notes.push(el("p", { class: "hint", id: "asof" }, w("asof").replace("{day}", data.day)));
    return [stats, ...notes,
      data.units.length ? el("div", { class: "card" }, units) : null,
      ...(items.length ? items : [el("p", { class: "empty" }, w("noissues"))])];
  }

  const RENDER = {
    travel, targets: (by) => targets(by), board: (extra) => (extra && extra.keep ? boardKeep() : board(extra)),
    project, supervision,
  };
  function boardKeep() { const offset = state.board.offset; state.board.offset = 0; return board().finally(() => { state.board.offset = offset; }); }

  // ------------------------------------------------------------------ charts
  let mapReady = null;
  async function chinaMap() {
    if (!mapReady) {
      mapReady = fetch("static/china.json").then((r) => r.json()).then((geo) => echarts.registerMap("china", geo));
    }
    return mapReady;
  }
  const CHARTS = {
    async map(node, data) {
      await chinaMap();
      const points = data.cities.filter((c) => c.lng !== null).map((c) => ({
        name: c.city || c.province, value: [c.lng, c.lat, c.people.length],
        people: c.people.map((p) => p.name).join("、"),
      }));
      node.dataset.points = String(points.length);
      node.dataset.names = points.map((p) => p.name).join(",");
      const css = getComputedStyle(document.documentElement);
      chart(node).setOption({
        animation: false,
        tooltip: { trigger: "item", formatter: (p) => (p.data && p.data.people ? `${p.name}: ${p.data.people}` : p.name) },
        geo: { map: "china", roam: true, zoom: 1.15, center: [104, 36], itemStyle: { areaColor: css.getPropertyValue("--card") || "#eee", borderColor: "#aaa" }, label: { show: false } },
        series: [{ type: "effectScatter", coordinateSystem: "geo", data: points, symbolSize: (v) => 8 + Math.min(16, v[2] * 3),
          label: { show: true, formatter: (p) => `${p.name} ${p.value[2]}`, position: "right", fontSize: 11 },
          itemStyle: { color: "#e5484d" } }],
      });
    },
    trend(node, data) {
      const t = data.points;
      chart(node).setOption({
        animation: false,
        grid: { left: 40, right: 10, top: 30, bottom: 24 },
        legend: { top: 0, textStyle: { fontSize: 11 } },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: t.map((p) => p.month.slice(5)) },
        yAxis: { type: "value", name: w("yi"), nameTextStyle: { fontSize: 10 } },
        series: [
          { name: w("signed"), type: "line", data: t.map((p) => yi(p.signed_wan)) },
          { name: w("landed"), type: "line", data: t.map((p) => yi(p.landed_wan)) },
          { name: w("funds"), type: "line", data: t.map((p) => yi(p.funds_wan)) },
          { name: w("schedule"), type: "line", data: t.map((p) => yi(p.schedule_wan)), lineStyle: { type: "dashed" } },
        ],
      });
    },
  };
  window.addEventListener("resize", () => state.charts.forEach((c) => c.resize()));

  // ------------------------------------------------------------------ start
  async function start() {
    applyTheme();
    ready();
    try {
      state.me = await api("me");
    } catch (error) {
      document.body.dataset.ready = "true";
      showError(error);
      return;
    }
    const me = state.me;
    const user = (tg && tg.initDataUnsafe && tg.initDataUnsafe.user) || {};
    lang = me.language || (user.language_code && user.language_code.startsWith("en") ? "en" : "zh");
    document.documentElement.lang = lang;
    document.title = w("title");
    document.getElementById("title").textContent = w("title");
    document.getElementById("day-label").textContent = w("day");
    document.getElementById("scope").textContent = `${me.name} · ${me.scope || w("whole")}`;
    for (const tab of document.querySelectorAll("#tabs button")) tab.textContent = w(tab.dataset.view);
    const day = document.getElementById("day");
    day.max = me.today;
    day.min = me.campaign_start;
    day.value = state.day || me.today;
    day.addEventListener("change", () => { state.day = day.value; show(state.view === "project" ? "board" : state.view); });
    for (const tab of document.querySelectorAll("#tabs button")) tab.addEventListener("click", () => show(tab.dataset.view));
    document.body.dataset.ready = "true";
    const first = query.get("view");
    await show(RENDER[first] ? first : "travel");
  }
  start();
})();
