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
const mappingBox = byId("recert-mapping");
const editorBox = byId("recert-editor");
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

// --- timings ----------------------------------------------------------------------------------
// Performance marks, for benchmarks/bench.py and the browser's own performance panel: the start-up
// ("recert-start:<step>", the worker's steps) and the latest file checked, from the file chosen to its
// verdict painted ("recert:<step>": chosen, read, posted, python-start, python-done, answered, parsed,
// built, painted). The worker's times come as wall-clock times and are placed on the page's clock.
const pageTime = (wallClock) => wallClock - performance.timeOrigin;
function mark(name, at = undefined) {
  try {
    performance.mark(name, at === undefined ? undefined : { startTime: Math.max(0, at) });
  } catch {
    // a browser without User Timing level 3: no figures, nothing else changes
  }
}
// The check being timed: -1 from a file chosen until its check starts, then that check's number
// (`sequence`), until its verdict is painted; 0 when none is.
let timing = 0;
function timeFrom(step) {
  if (step === "chosen") {
    for (const entry of performance.getEntriesByType("mark")) {
      if (entry.name.startsWith("recert:")) performance.clearMarks(entry.name);
    }
    timing = -1;
  }
  if (timing) mark(`recert:${step}`);
}
// Painted: the frame with the report has been drawn (a task queued from requestAnimationFrame runs
// once that frame is on screen).
function timePainted(check) {
  if (timing !== check) return;
  timing = 0;
  mark("recert:built");
  requestAnimationFrame(() => setTimeout(() => {
    mark("recert:painted");
    const [chosen] = performance.getEntriesByName("recert:chosen");
    if (chosen) root.dataset.shownMs = String(Math.round(performance.now() - chosen.startTime));
  }, 0));
}

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
    // The files' bytes go to the worker without a copy: each call is given copies of its own.
    const buffers = args.flat().filter((arg) => arg instanceof Uint8Array).map((bytes) => bytes.buffer);
    worker.postMessage({ id, op, args }, buffers);
  });
}
let shownName = ""; // what the report shown is about: the files' names, or "your courses"
let sequence = 0;
let preview = null; // the files' headers, first rows and the columns guessed (recert_core.browser.preview)
let mappings = []; // per file: null, or { columns, remembered }: the columns the user chose for its header
let editorOpen = false; // the report is of the editor's rows, not of the files
let editorRows = [];
let editorTimer = 0;
let editorNote = "";

worker.onmessage = ({ data }) => {
  if (data.progress !== undefined) {
    progress.value = data.progress;
    statusLine.textContent = data.text;
    return;
  }
  const waiting = pending.get(data.id);
  if (!waiting) return;
  data.received = performance.now();
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
const FIRST_ROWS = 60; // rows drawn with the verdict: more than a screenful, even on a tall screen
const ROWS_PER_BATCH = 300; // then the rest of the first thousand, this many per task
let finishRows = null; // draws at once the rows of the report shown still waiting to be drawn
let shownReport = null; // the report whose rows the page shows (one person's), for the rows asked for later
window.addEventListener("beforeprint", () => finishRows?.());
let ready = false;
let chosen = null; // { name, names, bytes: [ArrayBuffer, ...] }: the files read as one transcript
let shownBase = ""; // the download file names of the report shown: recert-<level>-<cycle>
let planning = null; // the latest plan asked for: an earlier one's answer, come later, is not shown

call("ready").then((answer) => {
  ready = true;
  // For the benchmark (benchmarks/bench.py): time from navigation, and how Python started.
  root.dataset.readyMs = String(Math.round(performance.now()));
  const startup = fromJson(answer.payload);
  root.dataset.snapshot = startup.fromSnapshot ? "yes" : "no";
  for (const [step, at] of startup.marks ?? []) mark(`recert-start:${step}`, pageTime(at));
  mark("recert-start:ready");
  root.dataset.state = "ready";
  progress.value = progress.max;
  statusLine.textContent = "Ready: choose or drop your transcript.";
  plan();
  // Back or reload may have brought the file input back with its file chosen (the browser restores
  // it after the page's scripts ran, with no change event): check it, never show a name over nothing.
  if (!chosen && form.file.files?.length) choose(form.file.files);
  else run();
}, (error) => fail(error.message));

function fail(message) {
  root.dataset.state = "error";
  statusLine.textContent = "The checker could not start.";
  showError(`The checker could not start (${message}). Reload the page to try again; the command-line checker gives the same result.`);
}

// The instructor and examiner roles ticked, comma-separated: the report lists their deadline only then.
function chosenRoles() {
  return situation.roles.filter((box) => box.checked).map((box) => box.value).join(",");
}

function localDate() {
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
}

// One call to recert_core.browser in the worker for the page's files, the column-mapping step and the
// editor (the worker runs only the names it lists): a promise of the answer, decoded as JSON unless `raw`.
async function pageCall(name, args, raw = false) {
  const timed = name === "run_check" && timing === sequence;
  if (timed) timeFrom("posted");
  const answer = await call("call", name, ...args);
  if (name === "run_check" || name === "run_editor") root.dataset.checkMs = String(Math.round(answer.ms));
  if (timed && timing === sequence) {
    mark("recert:python-start", pageTime(answer.at[0]));
    mark("recert:python-done", pageTime(answer.at[1]));
    mark("recert:answered", answer.received);
  }
  const value = raw ? answer.payload : fromJson(answer.payload);
  if (timed && timing === sequence) timeFrom("parsed");
  return value;
}

async function choose(files) {
  const list = [...(files ?? [])];
  if (!list.length) return;
  timeFrom("chosen");
  const names = list.map((file) => file.name);
  const bytes = await Promise.all(list.map((file) => file.arrayBuffer()));
  timeFrom("read");
  chosen = { name: names.join("”, “"), names, bytes };
  mappings = [];
  preview = null;
  closeEditor();
  revealNext = true;
  run();
}

function run() {
  if (editorOpen) {
    checkEditor();
    return;
  }
  if (!chosen) return;
  if (!ready) {
    statusLine.textContent = `“${chosen.name}” will be checked as soon as the checker has loaded…`;
    return;
  }
  // Another level or cycle: the same files, read with the columns chosen for them.
  checkFiles(chosen, preview !== null);
}

// --- files and their columns ------------------------------------------------------------------

// A column mapping the user chose is remembered for files with the same header, on this device only.
const MAPPING_KEY = "recert-columns-";
function headerKey(header) {
  let hash = 0x811c9dc5; // FNV-1a over the header's cells
  for (const char of JSON.stringify(header)) {
    hash ^= char.codePointAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return MAPPING_KEY + hash.toString(16);
}
function rememberedMapping(header) {
  try {
    const kept = JSON.parse(localStorage.getItem(headerKey(header)) ?? "null");
    return kept && JSON.stringify(kept.header) === JSON.stringify(header) ? kept.columns : null;
  } catch {
    return null; // storage refused (private mode) or damaged: no remembered choice
  }
}
function rememberMapping(header, columns) {
  try {
    localStorage.setItem(headerKey(header), JSON.stringify({ header, columns }));
    return true;
  } catch {
    return false;
  }
}
function forgetMapping(header) {
  try {
    localStorage.removeItem(headerKey(header));
  } catch {
    // nothing was kept
  }
}

// One file goes alone, as the command line reads one file (its report names no file); several go as
// a list with their names, read as one transcript.
function filesArgs(files) {
  const copies = () => files.bytes.map((b) => new Uint8Array(b.slice(0)));
  return files.bytes.length === 1 ? [() => copies()[0], null] : [copies, files.names];
}

// The column choices for the worker: one file's choice as it is ("" for none), or one per file, since
// each file's header has its own columns. A choice is { field: header, ..., ignore: [headers] }.
function columnsArg(choices = mappings) {
  const each = chosen.bytes.map((_, i) => choices[i]?.columns ?? "");
  return each.length === 1 ? each[0] : each;
}

// `again`: the same files as before (another level or cycle, or columns just chosen): read with the
// choices made for them. Otherwise the files are new: each file's header may have a remembered choice.
async function checkFiles(files, again = false, problem = "") {
  sequence += 1;
  const mine = sequence;
  if (timing === -1) timing = mine;
  statusLine.textContent = `Checking “${files.name}”…`;
  mappingBox.hidden = true;
  const [bytes, names] = filesArgs(files);
  const check = (columns) => pageCall("run_check", [bytes(), form.level.value, form.cycle.value, localDate(), names,
    columns, chosenRoles()]);
  let checked;
  if (!again || !preview) {
    // The check with the columns as guessed goes with the preview, not after its answer: only a
    // choice remembered for a file's header (rare) has the files checked again, with it.
    const previewed = pageCall("preview", [bytes(), names, ""]);
    const asGuessed = check("");
    asGuessed.catch(() => {}); // met below, or not needed
    preview = await previewed;
    if (mine !== sequence) return;
    mappings = preview.ok ? preview.files.map((file) => {
      const kept = rememberedMapping(file.header);
      return kept ? { columns: kept, remembered: true } : null;
    }) : [];
    checked = mappings.some(Boolean) ? check(columnsArg()) : asGuessed;
  } else {
    checked = check(columnsArg());
  }
  let result;
  try {
    result = await checked;
  } catch (error) {
    // A bug, not a bad file: say so plainly, keep the page usable.
    result = { ok: false, error: `The checker failed on this file (${error.message || "unknown error"}). Please report it.` };
  }
  if (mine !== sequence) return;
  shownName = files.name;
  show(result);
  if (revealNext) reveal(result.ok ? byId("recert-verdict") : errorBox);
  timePainted(mine);
  if (result.ok || !preview.ok) return;
  // What each file still lacks with the choices made: the mapping step for those files.
  const read = mappings.some(Boolean) ? await pageCall("preview", [bytes(), names, columnsArg()]) : preview;
  if (mine !== sequence) return;
  const lacking = (read.ok ? read : preview).files.map((file, index) => ({ file, index })).filter(({ file }) => file.missing.length);
  if (lacking.length) showMapping(lacking, "missing", problem);
}

const FIELD_LABELS = {
  date: "Date completed", title: "Course title", hours: "Hours", approval: "Approval number (OEMS or CAPCE)",
  component: "Component (National, Local, Individual)", topic_map: "NREMT Recert Topic Map", topic: "National topic",
  delivery: "Delivery (live or online)", status: "Completion status", person: "Person's name (roster)",
  last_name: "Last name (roster)", first_name: "First name (roster)", person_id: "NREMT or license number (roster)",
};
const fileLabel = (index) => (chosen.names.length > 1 ? ` of “${chosen.names[index]}”` : "");

// The column-mapping step: for each file that needs it (`entries`: { file, index } from the preview,
// its columns as read with the choices made so far), each column with a choice of meaning and the
// file's first rows. "Not used" means the column is not read, even one whose name the checker knows.
function showMapping(entries, why, problemText = "") {
  const blocks = entries.map(({ file, index }) => {
    const fileName = file.name || chosen.names[index]; // one file is read unnamed, as the command line reads it
    const meaningOf = (header) => Object.entries(file.columns).find(([, h]) => h === header)?.[0] ?? "";
    const id = (i) => (index ? `recert-map-${index}-${i}` : `recert-map-${i}`);
    const selects = file.header.map((header, i) => {
      const select = el("select", { id: id(i), "data-header": header },
        el("option", { value: "" }, "Not used"),
        Object.keys(preview.fields).map((field) => el("option", { value: field }, FIELD_LABELS[field] ?? field)));
      select.value = meaningOf(header);
      return select;
    });
    const missing = file.missing.map((f) => FIELD_LABELS[f].toLowerCase());
    const node = el("fieldset", { class: "recert-map-file", "data-file": index },
      el("legend", {}, `“${fileName}”`),
      el("p", {}, why === "missing"
        ? `The checker could not tell which column of “${fileName}” holds: ${missing.join(", ")}. Choose what each column means, then check.`
        : `Choose what each column of “${fileName}” means, then check. Date, title and hours are needed; a column marked “Not used” is not read.`),
      el("div", { class: "recert-map-columns" }, file.header.map((header, i) => el("div", { class: "recert-field" },
        el("label", { for: id(i) }, `Column ${i + 1}${fileLabel(index)}: “${header || "(no name)"}”`), selects[i]))),
      table(`The first rows of “${fileName}”`, file.header.map((h) => h || "(no name)"),
        file.rows.map((row) => file.header.map((_, i) => row.cells[i] ?? "")), "recert-map-preview"),
    );
    return { file, index, selects, node };
  });
  const remember = el("input", { type: "checkbox", id: "recert-map-remember", checked: true });
  const problem = el("p", { id: "recert-map-problem", class: "recert-map-problem", role: "alert" }, problemText);
  mappingBox.replaceChildren(
    el("h2", { id: "recert-mapping-title", tabindex: "-1" }, "How should the columns be read?"),
    ...blocks.map((block) => block.node),
    el("p", {}, el("label", {}, remember, " Remember these choices on this device for files with these columns")),
    problem,
    el("p", {}, el("button", { type: "button", class: "md-button md-button--primary", id: "recert-map-check" }, "Check with these columns")),
  );
  mappingBox.hidden = false;
  byId("recert-map-check").addEventListener("click", async () => {
    const next = [...mappings];
    for (const { index, selects } of blocks) {
      const columns = { ignore: [] };
      for (const select of selects) {
        if (!select.value) {
          if (select.dataset.header) columns.ignore.push(select.dataset.header);
          continue;
        }
        if (columns[select.value] !== undefined) {
          problem.textContent = `Two columns${fileLabel(index)} are marked “${FIELD_LABELS[select.value]}”: choose one.`;
          select.focus();
          return;
        }
        columns[select.value] = select.dataset.header;
      }
      next[index] = { columns, remembered: false };
    }
    // What the reader still lacks with these choices (the required fields are its to say). A choice
    // that leaves one out is checked all the same: the answer is the usual "Missing column", with
    // this step open again; such a choice is not remembered.
    const [bytes, names] = filesArgs(chosen);
    const again = await pageCall("preview", [bytes(), names, columnsArg(next)]);
    const lacking = again.ok ? again.files.flatMap((f, i) => f.missing.map((m) => `${FIELD_LABELS[m].toLowerCase()}${fileLabel(i)}`)) : [];
    for (const { file, index } of blocks) {
      if (lacking.length) continue;
      if (remember.checked) next[index].remembered = rememberMapping(file.header, next[index].columns);
      else forgetMapping(file.header);
    }
    mappings = next;
    checkFiles(chosen, true, lacking.length ? `Choose the column for: ${lacking.join(", ")}.` : "");
  });
  byId("recert-mapping-title").focus();
}

// What the report says about the columns: which was read as what, which were not used, and
// whether the choice is remembered on this device (with a way to forget it).
function columnsNote(file) {
  const read = Object.entries(file.columns).map(([field, header]) => `${FIELD_LABELS[field] ?? field} from “${header}”`);
  const parts = [
    el("p", { class: "recert-columns-read" }, `Columns read: ${read.join("; ")}.`,
      file.ignored_columns.length ? ` Columns not used: ${file.ignored_columns.map((c) => `“${c}”`).join(", ")}.` : ""),
  ];
  const files = preview?.ok ? preview.files : [];
  if (files.length && mappings.some((m) => m?.remembered)) {
    const forget = el("button", { type: "button", class: "recert-link", id: "recert-map-forget" }, "Forget this choice");
    forget.addEventListener("click", () => {
      files.forEach((f, i) => mappings[i]?.remembered && forgetMapping(f.header));
      mappings = [];
      checkFiles(chosen, true);
    });
    parts.push(el("p", { class: "recert-map-remembered" },
      "The columns were read as you chose for files with these columns, a choice remembered on this device only. ", forget));
  }
  if (files.length && chosen) {
    const change = el("button", { type: "button", class: "md-button", id: "recert-map-change" }, "Change how columns are read");
    change.addEventListener("click", async () => {
      // Every file, each with its columns as they are read now.
      const [bytes, names] = filesArgs(chosen);
      const read = mappings.some(Boolean) ? await pageCall("preview", [bytes(), names, columnsArg()]) : preview;
      showMapping((read.ok ? read : preview).files.map((f, index) => ({ file: f, index })), "asked");
    });
    parts.push(el("p", {}, change));
  }
  return parts;
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

form.file.addEventListener("change", () => choose(form.file.files));
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
  choose(event.dataTransfer?.files);
});
byId("recert-sample").addEventListener("click", async () => {
  const response = await fetch("sample.csv");
  form.level.value = "emt";
  form.cycle.value = byId("recert-sample").dataset.cycle;
  chosen = { name: "sample.csv", names: ["sample.csv"], bytes: [await response.arrayBuffer()] };
  mappings = [];
  preview = null;
  closeEditor();
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
  // No class on the table itself: the theme styles `table:not([class])`. On a phone a table of four
  // columns or more is drawn a block per row, each value under its column's name (`data-label`,
  // extra.css's .recert-stack), so that nothing scrolls sideways; the courses table has its own layout.
  const stacked = head.length >= 4 && !String(className).includes("recert-rows");
  return el("div", { class: ["md-typeset__scrollwrap", className, stacked ? "recert-stack" : null].filter(Boolean).join(" ") },
    el("div", { class: "md-typeset__table" }, el("table", {},
      el("caption", {}, caption),
      el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c, i) => el("td", { "data-label": head[i] }, c))))),
    )));
}

function showError(message) {
  errorBox.hidden = false;
  errorBox.replaceChildren(el("p", {}, el("strong", {}, "This file cannot be checked. "), message));
}

// A download made by the worker when asked for: the JSON the check made (byte for byte the command
// line's), or the CSV made then from the report shown.
function offer(op, type) {
  return () => call(op).then((answer) => download(`${shownBase}.${op}`, answer.payload, type),
    (error) => { statusLine.textContent = `The download failed (${error.message}). Please report it.`; });
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
  finishRows = null; // the rows of a report shown before are no longer drawn
  shownReport = null;
  if (result.ok && result.people) {
    showRoster(result);
    return;
  }
  if (result.ok && result.empty) {
    root.dataset.result = "empty";
    errorBox.hidden = true;
    reportBox.hidden = true;
    reportBox.replaceChildren();
    statusLine.textContent = "Add your courses: the checker checks them as you type.";
    return;
  }
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
  statusLine.textContent = `Checked ${shownName === "your courses" ? shownName : `“${shownName}”`}.`;
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
      el("details", {}, el("summary", {}, `Why (${report.provisional_reasons.length})`),
        el("ul", {}, report.provisional_reasons.map((r) => el("li", {}, r))))));
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
    el("button", { type: "button", class: "md-button", id: "recert-print" }, "Print"),
    editorOpen ? null : [" ", el("button", { type: "button", class: "md-button", id: "recert-edit" }, "Edit these courses")]));
  const s = report.summary;
  sections.push(el("h3", {}, "Every row of your file"));
  sections.push(el("p", {}, `${s.rows} rows: ${s.counted} counted, ${s.partial} partly counted, ${s.unused} not needed, ${s.unverified} not verified, ${s.rejected} rejected, ${s.skipped} skipped (not courses)` +
    (s.blank_lines ? `; ${s.blank_lines} blank rows ignored.` : ".")));
  const rowCells = (row) => [
    row.file ? `${row.file}, line ${row.line}` : String(row.line), row.date, row.title, row.hours === null ? "" : String(row.hours),
    el("span", { class: `recert-status-${row.status}` }, row.status),
    Object.entries(row.allocated).map(([c, h]) => `${COMPONENTS[c]} ${hours(h)}`).join("; "),
    el("ul", {}, row.reasons.map((r) => el("li", { "data-code": r.code }, r.message))),
  ];
  // The verdict is shown with the first screenful of rows; the rest of the first thousand follow in
  // the next tasks, a batch at a time, once that frame is painted (and at once before printing).
  const rowsTable = table("Your courses and where their hours went",
    ["Line", "Date", "Title", "Hours", "Status", "Counted toward", "Why"],
    report.rows.slice(0, FIRST_ROWS).map(rowCells), "recert-rows");
  sections.push(rowsTable);
  const body = rowsTable.querySelector("tbody");
  // The answer carries the first rows only (recert_core.browser.PAGE_ROWS); the others are asked
  // for when "Show more" needs them. `total`: every row of the file.
  const total = report.summary.rows;
  shownReport = report;
  let shown = Math.min(FIRST_ROWS, report.rows.length);
  const drawRows = (count) => {
    const batch = document.createDocumentFragment();
    batch.append(...report.rows.slice(shown, shown + count).map((row) => el("tr", {}, rowCells(row).map((c) => el("td", {}, c)))));
    body.append(batch);
    shown = Math.min(shown + count, report.rows.length);
  };
  const more = el("button", { type: "button", class: "md-button", id: "recert-more-rows", hidden: true }, "");
  const moreBox = el("p", {}, more);
  const label = () => {
    more.textContent = `Show ${Math.min(ROWS_PER_PAGE, total - shown)} more rows (${shown} of ${total} shown; the CSV download has them all)`;
    if (shown >= total) moreBox.remove();
    else more.hidden = false;
  };
  more.addEventListener("click", async () => {
    const wanted = Math.min(shown + ROWS_PER_PAGE, total) - report.rows.length;
    if (wanted > 0) {
      more.disabled = true;
      let rows;
      try {
        rows = await pageCall("report_rows", [report.rows.length, wanted]);
      } catch (error) {
        statusLine.textContent = `The next rows could not be shown (${error.message}). Please report it.`;
        return;
      } finally {
        more.disabled = false;
      }
      if (shownReport !== report) return; // another check has replaced this report meanwhile
      report.rows.push(...rows);
    }
    drawRows(ROWS_PER_PAGE);
    label();
  });
  const firstPage = Math.min(ROWS_PER_PAGE, report.rows.length);
  const drawFirstPage = () => {
    if (shown < firstPage) drawRows(firstPage - shown);
    label();
    rowsTable.dataset.drawn = "yes";
    if (finishRows === drawFirstPage) finishRows = null;
  };
  finishRows = drawFirstPage;
  const drawInTurn = () => {
    if (finishRows !== drawFirstPage) return; // finished already, or another report has replaced this one
    if (firstPage - shown > ROWS_PER_BATCH) {
      drawRows(ROWS_PER_BATCH);
      setTimeout(drawInTurn, 0);
    } else {
      drawFirstPage();
    }
  };
  if (shown < firstPage) requestAnimationFrame(() => setTimeout(drawInTurn, 0));
  else drawFirstPage();
  if (shown < total) sections.push(moreBox);
  if (!editorOpen) {
    sections.push(el("p", { class: "recert-file" }, report.file.format === "csv"
      ? `File read as ${report.file.encoding}, ${report.file.delimiter}-separated.`
      : `Workbook (.${report.file.format}) read${report.file.sheet ? `, sheet “${report.file.sheet}”` : ""}.`));
    sections.push(...columnsNote(report.file));
  }
  reportBox.replaceChildren(...sections);
  reportBox.hidden = false;
  if (editorOpen) markEditor(report);
  else byId("recert-edit").addEventListener("click", () => openEditor(true));
  // The downloads come from the worker when asked for: the CSV is made then, from the report just
  // shown; the JSON is the text the check made, byte for byte what the command line prints.
  byId("recert-download-json").addEventListener("click", offer("json", "application/json"));
  byId("recert-download-csv").addEventListener("click", offer("csv", "text/csv"));
  byId("recert-print").addEventListener("click", () => window.print());
}

function nextSteps(next, report) {
  const upcoming = next.deadlines.filter((d) => !d.passed);
  const mark = (item) => (item.provisional ? " (provisional)" : "");
  const needs = report.next_steps.needs;
  return el("section", { class: "recert-next" },
    el("h3", {}, "What to do next, and by when"),
    needs.length ? el("ul", { class: "recert-needs" }, needs.map((n) => el("li", {}, n.message))) : null,
    upcoming.length
      ? el("ul", {}, upcoming.map((d) => el("li", {}, el("strong", {}, d.when), `: ${d.label}${mark(d)}`)))
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

// --- rosters ---------------------------------------------------------------------------------

const ROSTER_CHUNK = 250; // people drawn per task in a roster's table

// A training officer's file: one line per person (met, short per component). The worker sends only
// these lines; a person's report (the same JSON as in `recert check --format json`'s {"people": [...]})
// is asked for when that person's row is opened, so a roster of thousands draws at once.
function showRoster(result) {
  errorBox.hidden = true;
  const { people, roster } = result;
  const met = people.filter((p) => p.met).length;
  root.dataset.result = "roster";
  statusLine.textContent = `Checked “${shownName}”: ${people.length} people.`;
  shownBase = `recert-roster-${roster.level}-${roster.cycle}`;
  const shortOf = (p) => Object.keys(COMPONENTS).map((c) => hours(p.short[c]));
  const rowOf = (p, i) => el("tr", {}, [
    el("button", { type: "button", class: "recert-link recert-person-open", "aria-expanded": "false", "data-index": i }, p.person),
    p.met ? "yes" : p.met_if_verified ? "not yet: met once approvals are verified" : "no",
    ...shortOf(p)].map((c) => el("td", {}, c)));
  const summary = table("Summary by person (open a person for their report)",
    ["Person", "Met", ...Object.values(COMPONENTS).map((c) => `${c} short`)], [], "recert-roster");
  // Drawn a few hundred people at a time, each batch in its own task, so that a roster of thousands
  // never holds the page; `data-drawn` says when every person is in the table.
  const body = summary.querySelector("tbody");
  let drawn = 0;
  const drawMore = () => {
    if (drawn && !body.isConnected) return; // another file was checked meanwhile
    body.append(...people.slice(drawn, drawn + ROSTER_CHUNK).map((p, i) => rowOf(p, drawn + i)));
    drawn += ROSTER_CHUNK;
    if (drawn < people.length) setTimeout(drawMore, 0);
    else summary.dataset.drawn = "all";
  };
  drawMore();
  // One listener for every row: a person's row opens (and closes) their report below it.
  body.addEventListener("click", (event) => {
    const button = event.target.closest("button.recert-person-open");
    if (button) togglePerson(button, people[Number(button.dataset.index)]);
  });
  reportBox.replaceChildren(
    el("h2", { id: "recert-verdict", tabindex: "-1" }, `Roster: ${people.length} ${people.length === 1 ? "person" : "people"}, ${met} met the requirements.`),
    el("p", {}, `${LEVELS[roster.level] ?? roster.level}, cards expiring in ${roster.cycle}. Each person's courses are checked on their own; duplicates are looked for within each person's courses.`),
    el("p", { class: "recert-actions" },
      el("button", { type: "button", class: "md-button md-button--primary", id: "recert-download-json" }, "Download JSON"), " ",
      el("button", { type: "button", class: "md-button", id: "recert-download-csv" }, "Download summary CSV")),
    summary,
    ...columnsNote(roster.file),
  );
  reportBox.hidden = false;
  byId("recert-download-json").addEventListener("click", offer("json", "application/json"));
  byId("recert-download-csv").addEventListener("click", offer("csv", "text/csv"));
}

// A person's report, asked of the worker the first time the row is opened, drawn in a row below it.
async function togglePerson(button, person) {
  const row = button.closest("tr");
  const index = Number(button.dataset.index);
  const open = button.getAttribute("aria-expanded") === "true";
  button.setAttribute("aria-expanded", String(!open));
  const below = row.nextElementSibling?.classList.contains("recert-person") ? row.nextElementSibling : null;
  if (below) {
    below.hidden = open;
    return;
  }
  if (open) return;
  const cell = el("td", { colspan: row.children.length }, el("p", {}, `Checking ${person.person}’s courses…`));
  const detail = el("tr", { class: "recert-person", "data-person": person.person, "data-index": index }, cell);
  row.after(detail);
  const answer = await pageCall("person_report", [index]).catch((error) => ({ ok: false, error: error.message }));
  if (!detail.isConnected) return; // another file was checked meanwhile
  cell.replaceChildren(...(answer.ok ? personReport(answer.report, index) : [el("p", { role: "alert" }, answer.error)]));
  detail.dataset.loaded = answer.ok ? "yes" : "no";
}

function personReport(p, i) {
  return [
    el("p", { class: "recert-person-verdict" }, p.verdict),
    p.unverified.length ? el("p", {}, `${p.unverified.length} course(s) not counted until their approval is verified.`) : null,
    table(`Hours by component: ${p.person}`, ["Component", "Required", "Counted", "Short"],
      Object.entries(p.components).map(([name, c]) => [COMPONENTS[name], hours(c.required), hours(c.counted), hours(c.short)])),
    table(`Courses: ${p.person}`, ["Line", "Date", "Title", "Hours", "Status", "Why"],
      p.rows.map((row) => [row.file ? `${row.file}, line ${row.line}` : String(row.line), row.date, row.title, row.hours === null ? "" : String(row.hours),
        el("span", { class: `recert-status-${row.status}` }, row.status),
        el("ul", {}, row.reasons.map((r) => el("li", { "data-code": r.code }, r.message)))]), `recert-person-rows recert-person-${i}`),
    p.next_steps.needs.length ? el("ul", { class: "recert-needs" }, p.next_steps.needs.map((n) => el("li", {}, n.message))) : null,
  ].filter(Boolean);
}

// --- the transcript editor ---------------------------------------------------------------------

// The courses as rows to type in or correct (the file's, or none for paper certificates); each
// change is checked again, and each row shows its status and reasons in place. Nothing is stored
// unless "Remember on this device" is ticked.
const EDITOR_KEY = "recert-editor-rows";
const EDITOR_FIELDS = [
  ["date", "Date completed", "text", "2025-05-14"],
  ["title", "Course title", "text", ""],
  ["hours", "Hours", "text", "1.5"],
  ["approval", "Approval number", "text", "OEMS or CAPCE number"],
  ["component", "Component", ["", "National", "Local", "Individual"]],
  ["topic", "National topic", ["", "Airway", "Cardiology", "Trauma", "Medical", "Operations"]],
  ["delivery", "Delivery", ["", "In person", "Online"]],
];
const blankRow = () => Object.fromEntries(EDITOR_FIELDS.map(([field]) => [field, ""]));

function storedRows() {
  try {
    const rows = JSON.parse(localStorage.getItem(EDITOR_KEY) ?? "null");
    return Array.isArray(rows) ? rows : null;
  } catch {
    return null;
  }
}
function keepRows() {
  const box = byId("recert-editor-remember");
  try {
    if (box?.checked) localStorage.setItem(EDITOR_KEY, JSON.stringify(editorRows));
    else localStorage.removeItem(EDITOR_KEY);
  } catch {
    // storage refused: the rows stay on this page only
  }
}

async function openEditor(fromReport) {
  editorNote = "";
  if (fromReport) {
    const answer = await pageCall("editor_rows", []);
    editorRows = answer.ok ? answer.rows : [];
    if (answer.ok && answer.left_out) {
      editorNote = `${answer.left_out} row(s) of the file that are not courses (totals, notes, courses not completed) are left out.`;
    }
  } else {
    editorRows = storedRows() ?? [];
  }
  if (!editorRows.length) editorRows = [blankRow()];
  editorOpen = true;
  mappingBox.hidden = true;
  drawEditor(storedRows() !== null);
  checkEditor();
  byId("recert-editor-title").focus();
}

function editorCell(index, [field, label, kind, hint], row) {
  const id = `recert-edit-${index}-${field}`;
  let input;
  if (Array.isArray(kind)) {
    const options = kind.includes(row[field]) ? kind : [...kind, row[field]];
    input = el("select", { id, "data-field": field }, options.map((o) => el("option", { value: o }, o || "—")));
  } else {
    input = el("input", { id, type: "text", "data-field": field, placeholder: hint || null,
      inputmode: field === "hours" ? "decimal" : null, autocomplete: "off" });
  }
  input.value = row[field] ?? "";
  const changed = () => {
    editorRows[index][field] = input.value;
    keepRows();
    clearTimeout(editorTimer);
    editorTimer = setTimeout(checkEditor, 400);
  };
  input.addEventListener("input", changed);
  input.addEventListener("change", changed);
  return el("td", { "data-field": field }, el("label", { for: id, class: "recert-cell-label" }, `${label}, course ${index + 1}`), input);
}

function drawEditor(remembered) {
  const rows = editorRows.map((row, index) => {
    const remove = el("button", { type: "button", class: "recert-link recert-edit-delete" }, `Delete course ${index + 1}`);
    remove.addEventListener("click", () => {
      editorRows.splice(index, 1);
      if (!editorRows.length) editorRows.push(blankRow());
      keepRows();
      drawEditor(byId("recert-editor-remember").checked);
      checkEditor();
    });
    return el("tr", { "data-index": index },
      EDITOR_FIELDS.map((spec) => editorCell(index, spec, row)),
      el("td", { class: "recert-edit-result" }, el("span", { class: "recert-edit-status" }), el("ul", { class: "recert-edit-reasons" }), remove));
  });
  const remember = el("input", { type: "checkbox", id: "recert-editor-remember", checked: remembered });
  remember.addEventListener("change", keepRows);
  const add = el("button", { type: "button", class: "md-button", id: "recert-edit-add" }, "Add a course");
  add.addEventListener("click", () => {
    editorRows.push(blankRow());
    keepRows();
    drawEditor(remember.checked);
    byId(`recert-edit-${editorRows.length - 1}-date`).focus();
  });
  const save = el("button", { type: "button", class: "md-button", id: "recert-edit-download" }, "Download CSV");
  save.addEventListener("click", async () => download("recert-transcript.csv", await pageCall("editor_csv", [], true), "text/csv"));
  editorBox.replaceChildren(
    el("h2", { id: "recert-editor-title", tabindex: "-1" }, "Your courses"),
    el("p", {}, "Type or correct your courses; the report below is checked again after each change. Dates as 2025-05-14; hours as 1.5. Leave the component empty for an elective."),
    ...(editorNote ? [el("p", {}, editorNote)] : []),
    el("table", { class: "recert-editor-table" },
      el("caption", {}, "Courses"),
      el("thead", {}, el("tr", {}, EDITOR_FIELDS.map(([, label]) => el("th", { scope: "col" }, label)), el("th", { scope: "col" }, "Result"))),
      el("tbody", {}, rows)),
    el("p", { class: "recert-actions" }, add, " ", save),
    el("p", {}, el("label", {}, remember, " Remember these courses on this device (unticking forgets them)")),
  );
  editorBox.hidden = false;
}

function closeEditor() {
  editorOpen = false;
  editorBox.hidden = true;
  editorBox.replaceChildren();
}

async function checkEditor() {
  sequence += 1;
  const mine = sequence;
  statusLine.textContent = "Checking your courses…";
  const result = await pageCall("run_editor", [JSON.stringify(editorRows), form.level.value, form.cycle.value, localDate()]);
  if (mine !== sequence) return;
  shownName = "your courses";
  show(result);
  if (result.ok && result.empty) markEditor(null);
}

// Each editor row's status and reasons, in place: row i is line i + 2 of the CSV checked.
function markEditor(report) {
  const byLine = new Map((report?.rows ?? []).map((row) => [row.line, row]));
  editorBox.querySelectorAll("tbody tr").forEach((tr, index) => {
    const row = byLine.get(index + 2);
    tr.dataset.status = row ? row.status : "";
    tr.querySelector(".recert-edit-status").textContent = row ? row.status : "";
    tr.querySelector(".recert-edit-status").className = `recert-edit-status recert-status-${row ? row.status : "none"}`;
    tr.querySelector(".recert-edit-reasons").replaceChildren(...(row?.reasons ?? [])
      .map((r) => el("li", { "data-code": r.code }, r.message)));
  });
}

byId("recert-type").addEventListener("click", () => openEditor(false));
if (storedRows()) openEditor(false);

// Offline (checker/sw.js, written by the build): once the checker is ready, so that keeping its files
// does not compete with the first visit's downloads (they come from the browser's HTTP cache then),
// a service worker keeps them for repeat and offline visits. Without one, nothing changes.
call("ready").then(() => {
  const script = root.dataset.serviceWorker;
  const settled = (state) => { root.dataset.serviceWorkerState = state; };
  if (script && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(new URL(script, location.href)).then(() => settled("registered"), () => settled("failed"));
  } else {
    settled("none");
  }
}, () => {});
