// The checker page: level, cycle and file in; the report out. Every value from the user's file is
// written with text nodes, never as HTML. Python runs in a module Web Worker (worker.mjs).

const root = document.getElementById("recert-checker");
const byId = (id) => document.getElementById(id);
const form = { level: byId("recert-level"), cycle: byId("recert-cycle"), file: byId("recert-file") };
const statusLine = byId("recert-status");
const progress = byId("recert-progress");
const errorBox = byId("recert-error");
const reportBox = byId("recert-report");
const planBox = byId("recert-plan");
const situation = {
  nremt: byId("recert-nremt"), nremtExpires: byId("recert-nremt-expires"),
  affiliated: byId("recert-affiliated"), region: byId("recert-region"),
  roles: [...document.querySelectorAll('#recert-form input[name="role"]')],
};
const COMPONENTS = { national: "National (NCCR)", local: "Local (LCCR)", individual: "Individual (ICCR)" };
const LEVELS = Object.fromEntries([...form.level.options].map((o) => [o.value, o.textContent]));

// Preset from the address, as the cycle pages link here (?cycle=2027&level=emt); the page keeps
// the address up to date (remember()), so reload and Back bring back level, cycle and the plan's answers.
const query = new URLSearchParams(location.search);
const selects = {
  level: form.level, cycle: form.cycle, nremt: situation.nremt, nremt_expires: situation.nremtExpires,
  affiliated: situation.affiliated, region: situation.region,
};
for (const [name, select] of Object.entries(selects)) {
  const value = query.get(name);
  if (value && [...select.options].some((option) => option.value === value)) select.value = value;
}
if (query.has("roles")) {
  const roles = query.get("roles").split(",");
  for (const box of situation.roles) box.checked = roles.includes(box.value);
}

// An address with the plan's answers shows the plan at once, as after "Show my renewal plan".
const statedInAddress = query.has("nremt");

function remember() {
  const kept = situationStated ? Object.keys(selects) : ["level", "cycle"];
  const address = new URLSearchParams(kept.map((name) => [name, selects[name].value]));
  if (situationStated) address.set("roles", situation.roles.filter((box) => box.checked).map((box) => box.value).join(","));
  history.replaceState(history.state, "", `?${address}`);
}

// The page's inline script started the worker as the page opened (see checker.md.j2).
const started = window.recertStarted;
if (!started) {
  fail("this browser could not start the checker's worker");
  throw new Error("no worker");
}
const worker = started.worker;
// The worker's answers are UTF-8 bytes.
const utf8 = new TextDecoder();
const fromJson = (bytes) => JSON.parse(utf8.decode(bytes));

// Every call to the worker is one message with an id and one answer with the same id
// ({ id, payload, ms } or { id, error }); `call` gives a promise of that answer. The worker also
// sends { progress, text } unasked while Python starts.
const pending = new Map();
let lastId = 0;
function call(op, ...args) {
  lastId += 1;
  const id = lastId;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, args });
  });
}

worker.onmessage = ({ data }) => {
  if (data.progress !== undefined) {
    progress.value = data.progress;
    statusLine.textContent = data.text;
    return;
  }
  const waiting = pending.get(data.id);
  if (!waiting) return;
  pending.delete(data.id);
  if (data.error === undefined) waiting.resolve(data);
  else waiting.reject(new Error(data.error));
};
worker.onerror = (event) => {
  event.preventDefault();
  fail(event.message || "the worker could not start");
  for (const waiting of pending.values()) waiting.reject(new Error("the worker stopped"));
  pending.clear();
};
started.stop();
for (const event of started.early) (event.type === "error" ? worker.onerror : worker.onmessage)(event);

const ROWS_PER_PAGE = 1000; // a 100,000-row file is drawn a thousand rows at a time
let ready = false;
let chosen = null; // { name, bytes }
let shownBase = ""; // the download file names of the report shown: recert-<level>-<cycle>
let checking = null; // the latest check asked for: an earlier one's answer, come later, is not shown
let planning = null; // the same for the plan

call("ready").then((answer) => {
  ready = true;
  // For the benchmark (benchmarks/bench.py): time from navigation, and how Python started.
  root.dataset.readyMs = String(Math.round(performance.now()));
  root.dataset.snapshot = fromJson(answer.payload).fromSnapshot ? "yes" : "no";
  root.dataset.state = "ready";
  progress.value = progress.max;
  statusLine.textContent = "Ready: choose or drop your transcript.";
  plan();
  // Back or reload may have brought the file input back with its file chosen (the browser restores
  // it after the page's scripts ran, with no change event): check it, never show a name over nothing.
  if (!chosen && form.file.files?.length) choose(form.file.files[0]);
  else run();
}, (error) => fail(error.message));

function fail(message) {
  root.dataset.state = "error";
  statusLine.textContent = "The checker could not start.";
  showError(`The checker could not start (${message}). Reload the page to try again; the command-line checker gives the same result.`);
}

function localDate() {
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
}

async function choose(file) {
  if (!file) return;
  chosen = { name: file.name, bytes: await file.arrayBuffer() };
  revealNext = true;
  run();
}

async function run() {
  if (!chosen) return;
  if (!ready) {
    statusLine.textContent = `“${chosen.name}” will be checked as soon as the checker has loaded…`;
    return;
  }
  statusLine.textContent = `Checking “${chosen.name}”…`;
  const request = call("check", chosen.bytes.slice(0), form.level.value, form.cycle.value, localDate());
  checking = request;
  let result;
  try {
    const answer = await request;
    if (request !== checking) return;
    root.dataset.checkMs = String(Math.round(answer.ms));
    result = fromJson(answer.payload);
  } catch (error) {
    if (request !== checking) return;
    // A bug, not a bad file: say so plainly, keep the page usable.
    result = { ok: false, error: `The checker failed on this file (${error.message || "unknown error"}). Please report it.` };
  }
  show(result);
  if (revealNext) reveal(result.ok ? byId("recert-verdict") : errorBox);
}

// After a file is checked (not when the level or cycle changes under the keyboard), focus and
// scroll to the verdict or the error: on a phone it is thousands of pixels below the file input.
let revealNext = false;
function reveal(target) {
  revealNext = false;
  if (!target) return;
  target.tabIndex = -1;
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "start" });
}

// No plan until the reader has stated their situation (a plan for a situation they never chose can
// alarm them for nothing): the "Show my renewal plan" button, or any change to the situation.
let situationStated = statedInAddress;
// The NREMT expiration follows the card's year (the aligned case) until the reader changes it.
let nremtExpiresChosen = statedInAddress && query.has("nremt_expires");

function plan() {
  const hasNremt = ["current", "inactive"].includes(situation.nremt.value);
  situation.nremtExpires.disabled = !hasNremt;
  if (!nremtExpiresChosen && [...situation.nremtExpires.options].some((o) => o.value === form.cycle.value)) {
    situation.nremtExpires.value = form.cycle.value;
  }
  if (!ready || !situationStated) return;
  const request = call("plan", form.level.value, form.cycle.value, situation.nremt.value,
    hasNremt ? situation.nremtExpires.value : "", situation.affiliated.value, situation.region.value,
    situation.roles.filter((box) => box.checked).map((box) => box.value).join(","), localDate());
  planning = request;
  request.then(
    (answer) => request === planning && showPlan(fromJson(answer.payload)),
    (error) => request === planning && showPlan({ ok: false, error: `The plan could not be made (${error.message}). Please report it.` }),
  );
}

form.file.addEventListener("change", () => choose(form.file.files[0]));
byId("recert-form").addEventListener("change", remember);
remember();
for (const input of [form.level, form.cycle]) {
  input.addEventListener("change", () => {
    plan();
    run();
  });
}
for (const input of [situation.nremt, situation.nremtExpires, situation.affiliated, situation.region, ...situation.roles]) {
  input.addEventListener("change", () => {
    if (input === situation.nremtExpires) nremtExpiresChosen = true;
    situationStated = true;
    plan();
  });
}
byId("recert-plan-show").addEventListener("click", () => {
  situationStated = true;
  remember();
  plan();
});
byId("recert-form").addEventListener("submit", (event) => event.preventDefault());
document.addEventListener("dragover", (event) => {
  event.preventDefault();
  root.classList.add("recert-dragging");
});
document.addEventListener("dragleave", () => root.classList.remove("recert-dragging"));
document.addEventListener("drop", (event) => {
  event.preventDefault();
  root.classList.remove("recert-dragging");
  choose(event.dataTransfer?.files?.[0]);
});
byId("recert-sample").addEventListener("click", async () => {
  const response = await fetch("sample.csv");
  form.level.value = "emt";
  form.cycle.value = byId("recert-sample").dataset.cycle;
  chosen = { name: "sample.csv", bytes: await response.arrayBuffer() };
  revealNext = true;
  remember();
  run();
});

// --- drawing -------------------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  // append() makes a text node of every string: the user's values are never parsed as HTML.
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

const hours = (n) => (n === null || n === undefined ? "no limit" : `${n} h`);

function table(caption, head, rows, className) {
  // No class on the table itself: the theme styles `table:not([class])`.
  return el("div", { class: ["md-typeset__scrollwrap", className].filter(Boolean).join(" ") },
    el("div", { class: "md-typeset__table" }, el("table", {},
      el("caption", {}, caption),
      el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, c))))),
    )));
}

function showError(message) {
  errorBox.hidden = false;
  errorBox.replaceChildren(el("p", {}, el("strong", {}, "This file cannot be checked. "), message));
}

function download(name, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = el("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function show(result) {
  if (!result.ok) {
    root.dataset.result = "unusable";
    reportBox.hidden = true;
    reportBox.replaceChildren();
    showError(result.error);
    statusLine.textContent = "Choose another file.";
    return;
  }
  errorBox.hidden = true;
  const report = result.report;
  root.dataset.result = report.met ? "met" : "not-met";
  statusLine.textContent = `Checked “${chosen.name}”.`;
  shownBase = `recert-${report.level}-${report.cycle}`;
  const sections = [
    el("h2", { id: "recert-verdict", class: report.met ? "recert-met" : "recert-not-met", tabindex: "-1" }, report.verdict),
    el("p", {}, `${LEVELS[report.level] ?? report.level}, cards expiring in ${report.cycle}. Courses completed from ${report.window.start} to ${report.window.end} count.`),
  ];
  const fixes = report.next_steps.fixes;
  if (fixes.length) {
    sections.push(el("section", { class: "recert-fixes", "aria-labelledby": "recert-fixes-title" },
      el("h3", { id: "recert-fixes-title" }, "Rows to fix"),
      el("ul", {}, fixes.map((f) => el("li", { "data-lines": f.lines.join(" "), "data-code": f.code }, f.message)))));
  }
  if (report.unverified.length) {
    sections.push(el("section", { class: "recert-unverified", "aria-labelledby": "recert-unverified-title" },
      el("h3", { id: "recert-unverified-title" }, "Not counted until verified"),
      el("p", {}, "These courses may well be approved, but the file does not show an OEMS or CAPCE number. Look up each certificate's number; their hours do not count until then."),
      el("ul", {}, report.unverified.map((r) => el("li", {}, `Line ${r.line}: ${r.title || "(no title)"}, ${hours(r.hours)}`)))));
  }
  if (report.provisional) {
    sections.push(el("div", { class: "admonition warning" },
      el("p", { class: "admonition-title" }, "Provisional rules"),
      el("p", {}, "No source confirms every rule used for this cycle. Check with your training officer or regional office."),
      el("ul", {}, report.provisional_reasons.map((r) => el("li", {}, r)))));
  }
  for (const waiver of report.waivers) {
    sections.push(el("div", { class: "admonition tip" }, el("p", { class: "admonition-title" }, "Waiver"), el("p", {}, waiver)));
  }
  sections.push(table("Hours by component", ["Component", "Required", "Counted", "Distributive counted", "Distributive limit", "Short"],
    Object.entries(report.components).map(([name, c]) => [COMPONENTS[name], hours(c.required), hours(c.counted),
      hours(c.distributive), c.distributive_limit === null ? "no limit" : hours(c.distributive_limit), hours(c.short)])));
  if (report.distributive_total.limit !== null) {
    sections.push(el("p", {}, `Distributive hours in total: ${hours(report.distributive_total.counted)} of at most ${hours(report.distributive_total.limit)}.`));
  }
  if (report.topics) {
    sections.push(table("National topic hours (hours counted toward National)", ["Topic", "Required", "Counted", "Short"],
      report.topics.map((t) => [t.name, hours(t.required), hours(t.counted), hours(t.short)])));
  } else {
    sections.push(el("p", { class: "recert-topics-unchecked" }, report.topics_unchecked));
  }
  sections.push(nextSteps(result.next, report));
  sections.push(el("p", { class: "recert-actions" },
    el("button", { type: "button", class: "md-button md-button--primary", id: "recert-download-json" }, "Download JSON"), " ",
    el("button", { type: "button", class: "md-button", id: "recert-download-csv" }, "Download CSV"), " ",
    el("button", { type: "button", class: "md-button", id: "recert-print" }, "Print")));
  const s = report.summary;
  sections.push(el("h3", {}, "Every row of your file"));
  sections.push(el("p", {}, `${s.rows} rows: ${s.counted} counted, ${s.partial} partly counted, ${s.unused} not needed, ${s.unverified} not verified, ${s.rejected} rejected, ${s.skipped} skipped (not courses)` +
    (s.blank_lines ? `; ${s.blank_lines} blank rows ignored.` : ".")));
  const rowCells = (row) => [
    String(row.line), row.date, row.title, row.hours === null ? "" : String(row.hours),
    el("span", { class: `recert-status-${row.status}` }, row.status),
    Object.entries(row.allocated).map(([c, h]) => `${COMPONENTS[c]} ${hours(h)}`).join("; "),
    el("ul", {}, row.reasons.map((r) => el("li", { "data-code": r.code }, r.message))),
  ];
  const rowsTable = table("Your courses and where their hours went",
    ["Line", "Date", "Title", "Hours", "Status", "Counted toward", "Why"],
    report.rows.slice(0, ROWS_PER_PAGE).map(rowCells), "recert-rows");
  sections.push(rowsTable);
  if (report.rows.length > ROWS_PER_PAGE) {
    let shown = ROWS_PER_PAGE;
    const more = el("button", { type: "button", class: "md-button", id: "recert-more-rows" }, "");
    const label = () => {
      more.textContent = `Show ${Math.min(ROWS_PER_PAGE, report.rows.length - shown)} more rows (${shown} of ${report.rows.length} shown; the CSV download has them all)`;
    };
    label();
    more.addEventListener("click", () => {
      const body = rowsTable.querySelector("tbody");
      body.append(...report.rows.slice(shown, shown + ROWS_PER_PAGE).map((row) => el("tr", {}, rowCells(row).map((c) => el("td", {}, c)))));
      shown += ROWS_PER_PAGE;
      if (shown >= report.rows.length) more.remove();
      else label();
    });
    sections.push(el("p", {}, more));
  }
  sections.push(el("p", { class: "recert-file" }, `File read as ${report.file.encoding}, ${report.file.delimiter}-separated.` +
    (report.file.ignored_columns.length ? ` Columns not used: ${report.file.ignored_columns.join(", ")}.` : "")));
  reportBox.replaceChildren(...sections);
  reportBox.hidden = false;
  // The downloads come from the worker when asked for: the CSV is made then, from the report just
  // shown; the JSON is the text the check made, byte for byte what the command line prints.
  const offer = (op, type) => () => call(op).then((answer) => download(`${shownBase}.${op}`, answer.payload, type),
    (error) => { statusLine.textContent = `The download failed (${error.message}). Please report it.`; });
  byId("recert-download-json").addEventListener("click", offer("json", "application/json"));
  byId("recert-download-csv").addEventListener("click", offer("csv", "text/csv"));
  byId("recert-print").addEventListener("click", () => window.print());
}

function nextSteps(next, report) {
  const upcoming = next.deadlines.filter((d) => !d.passed);
  const mark = (item) => (item.provisional ? " (provisional)" : "");
  const when = (d) => (d.days_left === null ? d.text : d.days_left === 0 ? `${d.text} (today)` : `${d.text} (in ${d.days_left} days)`);
  const needs = report.next_steps.needs;
  return el("section", { class: "recert-next" },
    el("h3", {}, "What to do next, and by when"),
    needs.length ? el("ul", { class: "recert-needs" }, needs.map((n) => el("li", {}, n.message))) : null,
    upcoming.length
      ? el("ul", {}, upcoming.map((d) => el("li", {}, el("strong", {}, when(d)), `: ${d.label}${mark(d)}`)))
      : el("p", {}, `Every date of the ${report.cycle} cycle has passed. If your card has expired, contact your training officer or regional office before you work.`),
    el("ol", {}, next.steps.map((step) => el("li", {}, el("strong", {}, `${step.title}.`), ` ${step.detail}`))),
    table("Fees", ["Fee", "Amount"], next.fees.map((f) => [f.label + mark(f), f.amount])),
  );
}

function showPlan(result) {
  if (!result.ok) {
    planBox.hidden = false;
    planBox.replaceChildren(el("h2", { id: "recert-plan-title" }, "Your renewal plan"), el("p", { role: "alert" }, result.error));
    return;
  }
  const p = result.plan;
  const sourceLink = (id) => el("a", { href: `../sources/#${id}` }, id);
  const when = (step) => {
    if (!step.deadline_text) return null;
    return el("p", { class: step.passed ? "recert-passed" : "recert-deadline" },
      el("strong", {}, `${step.deadline_label}: ${step.deadline_text}${step.days_left_text}`));
  };
  // Contacts as links: mailto: for an email, tel: for a phone, and the web site.
  const contact = (c) => {
    const ways = [];
    if (c.email) ways.push(el("a", { href: `mailto:${c.email}` }, c.email));
    if (c.phone) ways.push(el("a", { href: `tel:+1-${c.phone}` }, c.phone));
    if (c.website) ways.push(el("a", { href: /^https?:\/\//.test(c.website) ? c.website : `https://${c.website}` }, c.website));
    return el("p", {}, `Contact: ${c.name}`, ...(ways.length ? [": "] : []),
      ...ways.flatMap((link, i) => (i ? [", ", link] : [link])));
  };
  const sections = [el("h2", { id: "recert-plan-title" }, "Your renewal plan")];
  if (p.late) sections.push(el("div", { class: "admonition danger" }, el("p", { class: "admonition-title" }, "Late"), el("p", {}, p.late)));
  if (p.provisional) {
    sections.push(el("p", { class: "recert-provisional" },
      "Steps marked provisional rest on rules no source confirms for this cycle; check with your training officer or regional office."));
  }
  sections.push(el("ol", { class: "recert-steps" }, p.steps.map((step) => el("li", { "data-step": step.id },
    el("h3", {}, step.title + (step.provisional_reasons.length ? " (provisional)" : "")),
    when(step),
    el("p", {}, step.detail),
    step.fees.length ? el("ul", {}, step.fees.map((fee) => el("li", {}, `Fee: ${fee}`))) : null,
    ...step.contacts.map(contact),
    el("p", { class: "recert-sources" }, "Sources: ", step.sources.flatMap((id, i) => (i ? [", ", sourceLink(id)] : [sourceLink(id)]))),
    step.provisional_reasons.length
      ? el("details", {}, el("summary", {}, "Why provisional"), el("ul", {}, step.provisional_reasons.map((r) => el("li", {}, r))))
      : null,
  ))));
  sections.push(el("p", {}, el("button", { type: "button", class: "md-button", id: "recert-calendar" }, "Add the deadlines to my calendar")));
  planBox.replaceChildren(...sections);
  planBox.hidden = false;
  byId("recert-calendar").addEventListener("click", () =>
    download(`recert-plan-${p.situation.level}-${p.situation.expires}.ics`, result.ics, "text/calendar"));
}
