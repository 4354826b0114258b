// The dashboard of `surplus serve`: reads the v1 API (SERVER-CONTRACT.md), draws every table and
// chart from the JSON it returns, and follows /v1/events to re-fetch what each event changes.
"use strict";
// Non-ASCII text is written as \u escapes: the file reads the same whatever charset it is served with.

const ROUNDS_SHOWN = 30;     // rounds fetched per market and drawn in its charts
const ROWS_SHOWN = 20;       // rows of each table (the rest is counted)
const BOOK_KEPT = 200;       // orders remembered per market
const FLUSH_MS = 400;        // events within this window cause one re-fetch
const KEY_STORAGE = "surplus.adminKey";
const SVG = "http://www.w3.org/2000/svg";

const state = {
  key: null,
  markets: new Map(),        // id -> Market
  rounds: new Map(),         // id -> Map(number -> Round)
  orders: new Map(),         // id -> Map(order id -> Order, or {id, participant, state, round} from an event)
  chosenRound: new Map(),    // id -> round number picked in the round selector (absent: the latest)
  rejected: new Map(),       // id -> {count, last: orderRejected event data} since the page opened
  dirty: { markets: new Set(), rounds: new Map(), ledger: false, list: false },
  flushTimer: null,
  ledgerError: null,
};

// ---------- the API ----------

/** GET a JSON resource; `admin` adds the admin key. Resolves to {status, body}. */
async function get(path, admin = false) {
  const headers = { Accept: "application/json" };
  if (admin && state.key) headers.Authorization = "Bearer " + state.key;
  const response = await fetch(path, { headers });
  let body = null;
  try { body = await response.json(); } catch (_) { body = null; }
  return { status: response.status, body };
}

/** The message of an API error body, or the status. */
function errorText(result) {
  const error = result.body && result.body.error;
  return error ? `${result.status} ${error.code}: ${error.message}` : `HTTP ${result.status}`;
}

async function loadMarkets() {
  const result = await get("/v1/markets");
  if (result.status !== 200) throw new Error("GET /v1/markets: " + errorText(result));
  const seen = new Set();
  for (const market of result.body.markets) {
    seen.add(market.id);
    takeMarket(market);
  }
  for (const id of [...state.markets.keys()]) if (!seen.has(id)) state.markets.delete(id);
  renderMarketList();
  for (const market of state.markets.values()) {
    if (!state.rounds.has(market.id)) await loadRounds(market.id);
    renderMarket(market.id);
  }
}

function takeMarket(market) {
  state.markets.set(market.id, market);
  if (!state.orders.has(market.id)) state.orders.set(market.id, new Map());
}

async function loadMarket(id) {
  const result = await get("/v1/markets/" + encodeURIComponent(id));
  if (result.status === 200) takeMarket(result.body);
}

async function loadRounds(id) {
  const result = await get(`/v1/markets/${encodeURIComponent(id)}/rounds?limit=${ROUNDS_SHOWN}`);
  const rounds = new Map();
  if (result.status === 200) for (const round of result.body.rounds) rounds.set(round.number, round);
  state.rounds.set(id, rounds);
}

async function loadRound(id, number) {
  const result = await get(`/v1/markets/${encodeURIComponent(id)}/rounds/${number}`);
  if (result.status !== 200) return;
  const rounds = state.rounds.get(id) || new Map();
  rounds.set(number, result.body);
  const numbers = [...rounds.keys()].sort((a, b) => b - a);
  for (const old of numbers.slice(ROUNDS_SHOWN)) rounds.delete(old);
  state.rounds.set(id, rounds);
}

async function loadLedger() {
  if (!state.key) { state.ledgerError = null; renderLedger(null); return; }
  const result = await get("/v1/ledger", true);
  if (result.status === 200) { state.ledgerError = null; renderLedger(result.body); }
  else { state.ledgerError = errorText(result); renderLedger(null); }
}

/** With the admin key, the orders shown in a book are read whole (GET /v1/orders/{id}). */
async function loadOrders(id) {
  if (!state.key) return;
  const book = state.orders.get(id);
  const wanted = newestOrders(book).slice(0, ROWS_SHOWN).filter((order) => !order.read || order.state === "open" || order.stale);
  await Promise.all(wanted.map(async (order) => {
    const result = await get("/v1/orders/" + encodeURIComponent(order.id), true);
    if (result.status === 200) book.set(order.id, Object.assign(result.body, { read: true }));
    else if (result.status === 404) book.delete(order.id);  // not on this server (any more)
  }));
}

function rememberOrder(order) {
  const book = state.orders.get(order.market);
  if (book) book.set(order.id, Object.assign(book.get(order.id) || {}, order));
}

/** A book keeps its newest BOOK_KEPT orders (the market's count of open ones is the API's). */
function pruneBook(id) {
  const book = state.orders.get(id);
  if (book.size > BOOK_KEPT) for (const order of newestOrders(book).slice(BOOK_KEPT)) book.delete(order.id);
}

// ---------- live events ----------

function onEvent(message) {
  let data;
  try { data = JSON.parse(message.data); } catch (_) { return; }
  document.body.dataset.events = String(Number(document.body.dataset.events) + 1);
  const id = data.market;
  if (!id) return;
  if (!state.markets.has(id)) { state.dirty.list = true; schedule(); return; }
  const market = state.markets.get(id);
  switch (message.type) {
    case "roundOpened":
      market.round = data.round;
      markRound(id, market.round);
      state.dirty.markets.add(id);
      break;
    case "orderAccepted": case "orderReplaced": case "orderCancelled": {
      const event = { id: data.order, market: id, participant: data.participant, round: data.round };
      if (message.type === "orderCancelled") event.state = "cancelled";
      else if (!state.orders.get(id).has(data.order)) event.state = "open";
      rememberOrder(event);
      state.dirty.markets.add(id);
      break;
    }
    case "roundClosed": case "settled": case "trade": case "noMatch":
      if (message.type === "roundClosed" && market.kind === "bilateral") closeOrders(id, data.round);
      if (message.type === "settled") closeOrders(id, Infinity);
      if (!state.dirty.rounds.has(id)) state.dirty.rounds.set(id, new Set());
      state.dirty.rounds.get(id).add(data.round);
      state.dirty.markets.add(id);
      state.dirty.ledger = true;
      break;
    case "orderRejected": {
      const seen = state.rejected.get(id) || { count: 0 };
      state.rejected.set(id, { count: seen.count + 1, last: data });
      state.dirty.markets.add(id);
      break;
    }
    default:
      state.dirty.markets.add(id);
  }
  schedule();
}

/** A closed period settles its orders (bilateral), a settled session every open order (exchange). */
function closeOrders(id, round) {
  for (const order of state.orders.get(id).values()) {
    if (order.state === "open" && (order.round === undefined || order.round <= round)) {
      order.state = "settled";
      order.stale = true;  // its hold and fields as the server now has them are read again
    }
  }
}

function schedule() {
  if (state.flushTimer === null) state.flushTimer = setTimeout(flush, FLUSH_MS);
}

/** Re-fetches what the events of the last window changed, then redraws it. */
async function flush() {
  const dirty = state.dirty;
  state.dirty = { markets: new Set(), rounds: new Map(), ledger: false, list: false };
  try {
    if (dirty.list) await loadMarkets();
    // Everything is read first, then drawn at once: the list and the sections agree.
    for (const id of dirty.markets) {
      await loadMarket(id);
      for (const number of dirty.rounds.get(id) || []) await loadRound(id, number);
      pruneBook(id);
      await loadOrders(id);
    }
    if (dirty.markets.size > 0) renderMarketList();
    for (const id of dirty.markets) renderMarket(id);
    if (dirty.ledger) await loadLedger();
  } catch (error) {
    showConnection("error", "Could not read the API: " + error.message);
  } finally {
    state.flushTimer = null;
    if (state.dirty.list || state.dirty.ledger || state.dirty.markets.size > 0) schedule();
  }
}

function connect() {
  const source = new EventSource("/v1/events");
  let opened = false;
  source.onopen = () => {
    showConnection("live", "Live: following the server's events");
    // Events missed while the stream was down: read everything again, the rounds too.
    if (opened) { state.rounds.clear(); state.dirty.list = true; state.dirty.ledger = true; schedule(); }
    opened = true;
  };
  source.onerror = () => showConnection("reconnecting", "Event stream interrupted; reconnecting\u2026");
  for (const type of ["roundOpened", "orderAccepted", "orderRejected", "orderReplaced", "orderCancelled",
                      "trade", "noMatch", "roundClosed", "settled"]) {
    source.addEventListener(type, onEvent);
  }
}

function showConnection(kind, text) {
  const element = document.getElementById("connection");
  element.dataset.state = kind;
  element.textContent = text;
}

// ---------- DOM helpers ----------

/** An element with attributes and children (strings become text: nothing is parsed as HTML). */
function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A number as the API gave it: up to 6 decimals, trailing zeros dropped; null as a dash. */
function num(value, decimals = 6) {
  if (value === null || value === undefined || value === "") return "\u2013";
  const x = Number(value);
  if (!Number.isFinite(x)) return String(value);
  return x.toFixed(decimals).replace(/\.?0+$/, "").replace(/^-0$/, "0");
}

function table(caption, columns, rows, total = rows.length) {
  const head = el("tr", {}, columns.map((c) => el("th", { scope: "col", class: c.num ? "num" : null }, c.title)));
  const body = rows.length === 0
    ? [el("tr", {}, el("td", { colspan: columns.length, class: "empty" }, "None"))]
    : rows.map((row) => el("tr", {}, columns.map((c) => el("td", { class: c.num ? "num" : null }, c.value(row)))));
  const more = total > rows.length ? el("p", { class: "more" }, `${rows.length} of ${total} shown`) : null;
  return el("div", { class: "table-wrap" },
    el("table", {}, el("caption", {}, caption), el("thead", {}, head), el("tbody", {}, body)), more);
}

// ---------- the market list and the ledger ----------

function renderMarketList() {
  const body = document.querySelector("#market-list tbody");
  const rows = [...state.markets.values()].map((m) => el("tr", { "data-market": m.id },
    el("td", {}, el("a", { href: "#market-" + m.id }, m.id)),
    el("td", {}, m.name),
    el("td", {}, m.kind),
    el("td", { class: "num", "data-round": m.round }, m.round),
    el("td", { class: "num" }, m.roundsClosed),
    el("td", { class: "num" }, m.openOrders)));
  body.replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: 6, class: "empty" }, "No market yet."))]));
}

function renderLedger(totals) {
  const check = document.getElementById("ledger-check");
  const box = document.getElementById("ledger-totals");
  if (!totals) {
    check.dataset.balanced = "unknown";
    check.textContent = state.ledgerError
      ? `The ledger could not be read (${state.ledgerError}). Check the admin key above.`
      : "The ledger's totals need the admin key: enter it above, or open the address the demo prints (\u2026/?key=KEY).";
    box.replaceChildren();
    return;
  }
  check.dataset.balanced = String(totals.balanced);
  check.textContent = totals.balanced
    ? "Balanced: total debits equal total credits, and the balances sum to zero."
    : "NOT BALANCED: debits and credits differ, or the balances do not sum to zero.";
  const rows = [
    ["Total debits", totals.totalDebits], ["Total credits", totals.totalCredits],
    ["Deposited", totals.deposited], ["Withdrawn", totals.withdrawn],
    ["Participants' balances", totals.participantBalances], ["System balances", totals.systemBalances],
  ];
  box.replaceChildren(el("dl", { class: "totals" }, rows.map(([name, value]) => [
    el("dt", {}, name), el("dd", { class: "num", "data-field": fieldName(name) }, num(value))])));
}

function fieldName(label) {
  return { "Total debits": "totalDebits", "Total credits": "totalCredits", Deposited: "deposited", Withdrawn: "withdrawn",
           "Participants' balances": "participantBalances", "System balances": "systemBalances" }[label];
}

// ---------- one market ----------

function sortedRounds(id) {
  return [...(state.rounds.get(id) || new Map()).values()].sort((a, b) => a.number - b.number);
}

function newestOrders(book) {
  const number = (order) => Number(String(order.id).split("-o").pop()) || 0;
  return [...book.values()].sort((a, b) => number(b) - number(a));
}

function markRound(id, round) {
  const section = document.getElementById("market-" + id);
  if (section) section.dataset.round = String(round);
}

function renderMarket(id) {
  const market = state.markets.get(id);
  if (!market) return;
  let section = document.getElementById("market-" + id);
  if (!section) {
    section = el("section", { id: "market-" + id, class: "market panel", "data-market": id, "aria-labelledby": `market-${id}-title` });
    document.getElementById("markets").append(section);
  }
  section.dataset.kind = market.kind;
  section.dataset.round = String(market.round);
  // Redrawing keeps the keyboard focus where it was (the round selector has an id).
  const focused = section.contains(document.activeElement) ? document.activeElement.id : "";
  const rounds = sortedRounds(id);
  const unit = market.kind === "exchange" ? "Round" : "Period";
  section.replaceChildren(
    el("h2", { id: `market-${id}-title` }, `${market.name} `, el("span", { class: "market-id" }, `${market.id} \u00b7 ${market.kind}`)),
    el("p", { class: "facts" },
      el("span", {}, `${unit} open: `, el("strong", { class: "round", "data-field": "round" }, market.round)),
      el("span", {}, `${unit}s closed: `, el("strong", { "data-field": "roundsClosed" }, market.roundsClosed)),
      el("span", {}, "Open orders: ", el("strong", { "data-field": "openOrders" }, market.openOrders)),
      el("span", { class: "parameters" }, parameterText(market.parameters))),
    el("div", { class: "charts" }, market.kind === "exchange" ? exchangeCharts(rounds, market) : bilateralCharts(rounds, market)),
    el("div", { class: "tables" },
      orderBook(market),
      roundDetail(market, rounds),
      tradesTable(rounds)));
  if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
}

/** The market's scalar parameters, as `name = value` (nested ones are left to the API). */
function parameterText(parameters) {
  if (!parameters || typeof parameters !== "object") return "";
  return Object.entries(parameters)
    .filter(([, value]) => value !== null && typeof value !== "object")
    .map(([name, value]) => `${name} = ${typeof value === "number" ? num(value) : value}`).join(", ");
}

function orderBook(market) {
  const orders = newestOrders(state.orders.get(market.id) || new Map());
  const columns = [
    { title: "Order", value: (o) => o.id },
    { title: "Participant", value: (o) => o.participant },
    { title: "Side", value: (o) => o.side || "\u2013" },
    { title: "State", value: (o) => el("span", { class: "state state-" + o.state }, o.state) },
    { title: market.kind === "exchange" ? "Round" : "Period", num: true, value: (o) => num(o.round) },
    market.kind === "exchange"
      ? { title: "Qty / demand", num: true, value: (o) => num(o.side === "offer" ? o.quantity : o.demand) }
      : { title: "Bid", num: true, value: (o) => num(o.price) },
    market.kind === "exchange" ? { title: "Unit price", num: true, value: (o) => num(o.unitPrice) } : null,
    { title: "Strategy", value: (o) => o.strategy || "\u2013" },
    { title: "Held", num: true, value: (o) => num(o.held) },
  ].filter(Boolean);
  const rejected = state.rejected.get(market.id);
  const refusals = rejected ? el("p", { class: "note rejected" },
    `${rejected.count} order${rejected.count === 1 ? "" : "s"} refused since this page opened; the last: `,
    `${rejected.last.participant || "a participant"}, ${rejected.last.code}: ${rejected.last.message}`) : null;
  const note = el("p", { class: "note" },
    `${market.openOrders} open in the market. Listed: the orders placed, replaced or cancelled since this page opened`,
    state.key ? " (each read whole with the admin key)." : "; the admin key shows their sides, prices and holds.");
  return el("section", { class: "block book", "aria-label": `Order book of ${market.id}` },
    el("h3", {}, "Order book"), note, refusals,
    table(`Offers and bids of ${market.id}, newest first`, columns, orders.slice(0, ROWS_SHOWN), orders.length));
}

/** The allocations and reserve prices (exchange) or the matched pairs (bilateral) of one closed round. */
function roundDetail(market, rounds) {
  const label = market.kind === "exchange" ? "Round" : "Period";
  const block = el("section", { class: "block round-detail", "aria-label": `${label} results of ${market.id}` });
  if (rounds.length === 0) {
    block.append(el("h3", {}, `Closed ${label.toLowerCase()}s`), el("p", { class: "empty" }, `No ${label.toLowerCase()} has closed yet.`));
    return block;
  }
  const chosen = state.chosenRound.get(market.id);
  const round = rounds.find((r) => r.number === chosen) || rounds[rounds.length - 1];
  block.dataset.number = String(round.number);
  const selectID = `round-select-${market.id}`;
  const select = el("select", { id: selectID, "aria-label": `${label} of ${market.id} to show` },
    el("option", { value: "latest" }, `latest (${rounds[rounds.length - 1].number})`),
    [...rounds].reverse().map((r) => el("option", { value: r.number, selected: chosen === r.number }, String(r.number))));
  select.addEventListener("change", () => {
    if (select.value === "latest") state.chosenRound.delete(market.id);
    else state.chosenRound.set(market.id, Number(select.value));
    renderMarket(market.id);
  });
  block.append(el("div", { class: "block-head" },
    el("h3", {}, `${label} ${round.number}`, round.settled ? " (settled)" : ""),
    el("label", { for: selectID }, `Show ${label.toLowerCase()} `), select));
  if (market.kind === "exchange") {
    block.append(el("p", { class: "facts" },
      el("span", {}, `Session ${round.session}, round ${round.roundInSession} of the session`),
      el("span", {}, "Trades: ", el("strong", { "data-field": "trades" }, (round.trades || []).length)),
      el("span", { class: "hash", title: "SHA-256 of the round's inputs" }, "inputs " + String(round.inputHash).slice(0, 16) + "\u2026")));
    const allocations = round.allocations || [];
    block.append(el("div", { class: "side-by-side" },
      table("Allocations", [
        { title: "Buyer", value: (a) => a.buyer }, { title: "Seller", value: (a) => a.seller },
        { title: "Quantity", num: true, value: (a) => num(a.quantity) }, { title: "Unit price", num: true, value: (a) => num(a.unitPrice) },
      ], allocations.slice(0, ROWS_SHOWN), allocations.length),
      table("Reserve prices", [
        { title: "Seller", value: (r) => r.seller }, { title: "Reserve price", num: true, value: (r) => num(r.price) },
      ], (round.reservePrices || []).slice(0, ROWS_SHOWN), (round.reservePrices || []).length),
      table("Unmet demand", [
        { title: "Buyer", value: (u) => u.buyer }, { title: "Quantity", num: true, value: (u) => num(u.quantity) },
      ], (round.unmetDemand || []).slice(0, ROWS_SHOWN), (round.unmetDemand || []).length)));
  } else {
    const pairs = round.pairs || [];
    block.append(el("p", { class: "facts" },
      el("span", {}, "Clients: ", el("strong", {}, num(round.clients))),
      el("span", {}, "Servers: ", el("strong", {}, num(round.servers))),
      el("span", {}, "Trades: ", el("strong", { "data-field": "trades" }, (round.trades || []).length)),
      el("span", {}, "Trade ratio: ", el("strong", { "data-field": "tradeRatio" }, num(round.tradeRatio, 4))),
      el("span", {}, "Zero bids: ", el("strong", {}, num(round.zeroBids))),
      el("span", {}, "Unmatched clients / servers: ",
        el("strong", {}, `${(round.unmatchedClients || []).length} / ${(round.unmatchedServers || []).length}`))));
    block.append(table("Matched pairs", [
      { title: "Client", value: (p) => p.client }, { title: "Server", value: (p) => p.server },
      { title: "Client's bid", num: true, value: (p) => num(p.clientBid) },
      { title: "Traded", value: (p) => (p.traded ? "yes" : "no") },
    ], pairs.slice(0, ROWS_SHOWN), pairs.length));
  }
  return block;
}

function tradesTable(rounds) {
  const trades = rounds.flatMap((r) => r.trades || []).reverse();
  return el("section", { class: "block trades", "aria-label": "Trades" },
    el("h3", {}, "Trades of the last rounds"),
    table("Trades, newest first", [
      { title: "Trade", value: (t) => t.id }, { title: "Round", num: true, value: (t) => num(t.round) },
      { title: "Buyer", value: (t) => t.buyer }, { title: "Seller", value: (t) => t.seller },
      { title: "Quantity", num: true, value: (t) => num(t.quantity) },
      { title: "Unit price", num: true, value: (t) => num(t.unitPrice) },
      { title: "Payment", num: true, value: (t) => num(t.payment) },
    ], trades.slice(0, ROWS_SHOWN), trades.length));
}

// ---------- charts ----------

function bilateralCharts(rounds, market) {
  const ratio = rounds.filter((r) => r.tradeRatio !== null && r.tradeRatio !== undefined).map((r) => [r.number, r.tradeRatio]);
  const zero = rounds.filter((r) => r.clients > 0).map((r) => [r.number, r.zeroBids / r.clients]);
  const prices = rounds.filter((r) => (r.trades || []).length > 0).map((r) => [r.number, meanPrice(r.trades)]);
  const price = Number(market.parameters && market.parameters.price);
  const charts = [
    lineChart({
      id: `chart-${market.id}-ratio`, title: "Trade ratio per period", xLabel: "period", yLabel: "share of clients",
      yMin: 0, yMax: 1,
      series: [{ name: "trade ratio (trades / clients)", points: ratio }, { name: "zero bids / clients", points: zero }],
    }),
    lineChart({
      id: `chart-${market.id}-price`, title: "Price per period", xLabel: "period", yLabel: "price (tokens)", yMin: 0,
      series: [{ name: "mean unit price of the trades", points: prices }]
        .concat(Number.isFinite(price) && rounds.length > 0
          ? [{ name: `market price k = ${num(price)}`, points: rounds.map((r) => [r.number, price]), dashed: true }] : []),
    }),
  ];
  return charts;
}

function exchangeCharts(rounds, market) {
  const allocated = rounds.filter((r) => (r.allocations || []).length > 0)
    .map((r) => [r.number, sum(r.allocations.map((a) => a.quantity))]);
  const traded = rounds.filter((r) => r.settled).map((r) => [r.number, sum((r.trades || []).map((t) => t.quantity))]);
  const fromISP = rounds.filter((r) => r.settled)
    .map((r) => [r.number, sum((r.trades || []).filter((t) => t.seller === "isp").map((t) => t.quantity))]);
  const sellers = [...new Set(rounds.flatMap((r) => (r.reservePrices || []).map((p) => p.seller)))]
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const shown = sellers.slice(0, 5);
  const reserve = shown.map((seller) => ({
    name: `reserve price ${seller}`,
    points: rounds.flatMap((r) => (r.reservePrices || []).filter((p) => p.seller === seller).map((p) => [r.number, p.price])),
  }));
  const mean = rounds.filter((r) => (r.allocations || []).length > 0).map((r) => [r.number, meanPrice(r.allocations)]);
  const id = market.id;
  return [
    lineChart({
      id: `chart-${id}-quantity`, title: "Quantity per round", xLabel: "round", yLabel: "units of data", yMin: 0,
      series: [
        { name: "allocated by the sellers (rule (5))", points: allocated },
        { name: "traded when the session settled", points: traded },
        { name: "of which bought from the ISP", points: fromISP },
      ],
    }),
    lineChart({
      id: `chart-${id}-price`, title: "Prices per round", xLabel: "round", yLabel: "price (tokens per unit)", yMin: 0,
      note: sellers.length > shown.length ? `${shown.length} of ${sellers.length} sellers' reserve prices drawn` : null,
      series: [{ name: "mean allocation price", points: mean }].concat(reserve),
    }),
  ];
}

function sum(values) { return values.reduce((a, b) => a + Number(b), 0); }

/** Quantity-weighted mean unit price of trades or allocations. */
function meanPrice(items) {
  const quantity = sum(items.map((t) => t.quantity));
  return quantity > 0 ? sum(items.map((t) => t.quantity * t.unitPrice)) / quantity : null;
}

/** Round, readable ticks from about lo to the first tick at or above hi. */
function ticks(lo, hi, count) {
  if (hi <= lo) hi = lo + 1;
  const raw = (hi - lo) / count;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  const values = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step < hi + step * (1 - 1e-9); k++) values.push(Number((k * step).toPrecision(12)));
  return values;
}

/**
 * A line chart as inline SVG: labelled axes with ticks, one line and markers per series, and a
 * legend above the plot (its rows never overlap the plot or each other).
 */
function lineChart({ id, title, xLabel, yLabel, series, yMin, yMax, note }) {
  const width = 560, left = 58, right = 16, bottom = 44, legendRow = 18;
  // Two legend columns when every entry fits in half the width (12 px text: about 7.5 px a character).
  const labels = series.map((s) => s.name + (s.points.some(([, y]) => y !== null && Number.isFinite(y)) ? "" : " (none yet)"));
  const fitsHalf = labels.every((label) => 24 + label.length * 7.5 < (width - left - right) / 2);
  const legendColumns = series.length > 2 && fitsHalf ? 2 : 1;
  const legendRows = Math.ceil(series.length / legendColumns);
  const top = 12 + legendRows * legendRow;
  const plotHeight = 170, height = top + plotHeight + bottom;
  const plotWidth = width - left - right;
  const points = series.flatMap((s) => s.points).filter(([, y]) => y !== null && Number.isFinite(y));
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  let x0 = xs.length ? Math.min(...xs) : 0, x1 = xs.length ? Math.max(...xs) : 1;
  if (x1 === x0) { x0 -= 1; x1 += 1; }
  const lo = yMin !== undefined ? yMin : (ys.length ? Math.min(...ys) : 0);
  let hi = yMax !== undefined ? yMax : (ys.length ? Math.max(...ys) * 1.1 : 1);
  if (hi <= lo) hi = lo + 1;
  const yTicks = ticks(lo, hi, 4);
  const yTop = Math.max(hi, yTicks[yTicks.length - 1]);
  const sx = (x) => left + ((x - x0) / (x1 - x0)) * plotWidth;
  const sy = (y) => top + plotHeight - ((y - lo) / (yTop - lo)) * plotHeight;

  const titleID = id + "-title";
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-labelledby": titleID, "data-chart": id });
  root.append(svg("title", { id: titleID }, `${title}: ${series.map((s) => s.name).join(", ")}, by ${xLabel}`));

  const grid = svg("g", { class: "grid" });
  grid.append(svg("rect", { x: left, y: top, width: plotWidth, height: plotHeight, class: "plot-area" }));
  const axes = svg("g", { class: "axes" });
  for (const y of yTicks) {
    grid.append(svg("line", { x1: left, x2: left + plotWidth, y1: sy(y), y2: sy(y) }));
    axes.append(svg("text", { x: left - 6, y: sy(y) + 4, class: "tick y-tick", "text-anchor": "end" }, num(y, 3)));
  }
  const xTicks = ticks(x0, x1, 6).filter((x) => Number.isInteger(x) && x >= x0 && x <= x1);  // rounds are integers
  for (const x of xTicks) {
    axes.append(svg("line", { x1: sx(x), x2: sx(x), y1: top + plotHeight, y2: top + plotHeight + 4 }));
    axes.append(svg("text", { x: sx(x), y: top + plotHeight + 17, class: "tick x-tick", "text-anchor": "middle" }, String(x)));
  }
  axes.append(svg("line", { x1: left, x2: left + plotWidth, y1: top + plotHeight, y2: top + plotHeight }));
  axes.append(svg("line", { x1: left, x2: left, y1: top, y2: top + plotHeight }));
  axes.append(svg("text", { x: left + plotWidth / 2, y: height - 6, class: "axis-label x-label", "text-anchor": "middle" }, xLabel));
  axes.append(svg("text", {
    x: 0, y: 0, class: "axis-label y-label", "text-anchor": "middle",
    transform: `translate(14 ${top + plotHeight / 2}) rotate(-90)`,
  }, yLabel));
  root.append(grid, axes);

  const lines = svg("g", { class: "series" });
  const legend = svg("g", { class: "legend" });
  const columnWidth = plotWidth / legendColumns;
  series.forEach((s, i) => {
    const cls = `series-${i}` + (s.dashed ? " dashed" : "");
    const drawn = s.points.filter(([, y]) => y !== null && Number.isFinite(y));
    if (drawn.length > 0) {
      const path = drawn.map(([x, y], k) => `${k ? "L" : "M"}${sx(x).toFixed(1)} ${sy(y).toFixed(1)}`).join(" ");
      lines.append(svg("path", { d: path, class: "line " + cls }));
      if (!s.dashed) for (const [x, y] of drawn) lines.append(svg("circle", { cx: sx(x), cy: sy(y), r: 2.5, class: "dot " + cls }));
    }
    const lx = left + (i % legendColumns) * columnWidth, ly = 8 + Math.floor(i / legendColumns) * legendRow;
    const item = svg("g", { class: "legend-item", transform: `translate(${lx} ${ly})` });
    item.append(svg("line", { x1: 0, x2: 18, y1: 6, y2: 6, class: "line " + cls }));
    item.append(svg("text", { x: 24, y: 10, class: "legend-text" }, labels[i]));
    legend.append(item);
  });
  root.append(lines, legend);
  if (points.length === 0) {
    root.append(svg("text", { x: left + plotWidth / 2, y: top + plotHeight / 2, class: "no-data", "text-anchor": "middle" },
      "No closed round with data yet"));
  }
  return el("figure", { class: "chart-figure" }, el("figcaption", {}, title, note ? ` (${note})` : null), root);
}

// ---------- the admin key ----------

function setupKey() {
  const url = new URL(window.location.href);
  const fromURL = url.searchParams.get("key");
  if (fromURL) {
    sessionStorage.setItem(KEY_STORAGE, fromURL);
    url.searchParams.delete("key");
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  }
  state.key = sessionStorage.getItem(KEY_STORAGE);
  const input = document.getElementById("admin-key");
  input.value = state.key || "";
  document.getElementById("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    state.key = input.value.trim() || null;
    if (state.key) sessionStorage.setItem(KEY_STORAGE, state.key); else sessionStorage.removeItem(KEY_STORAGE);
    refreshAll();
  });
  document.getElementById("forget-key").addEventListener("click", () => {
    state.key = null;
    input.value = "";
    sessionStorage.removeItem(KEY_STORAGE);
    refreshAll();
  });
}

async function refreshAll() {
  try {
    await loadMarkets();
    for (const id of state.markets.keys()) { await loadOrders(id); renderMarket(id); }
    await loadLedger();
  } catch (error) {
    showConnection("error", "Could not read the API: " + error.message);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  setupKey();
  connect();
  refreshAll();
});
