// The page's calls to its Python, which runs in a module Web Worker (worker.mjs): every call is one
// message with an id and one answer with the same id ({ id, payload, ms, at } or { id, error });
// `call` gives a promise of that answer. The worker also sends { progress } (a step) unasked while
// Python starts, and { received } as its files come. The page's inline script started the first
// worker as the page opened (checker.md.j2); this module takes it over, with the messages it has sent
// meanwhile.
//
// Never stuck: the start and every call have a time limit. A start that shows no sign of progress for
// START_STALL, or a call unanswered after its limit, is reported (`onStuck`), and the page offers to
// start the checker again (restart.mjs). A worker that fails (a call that throws, an error event) is
// replaced by a fresh one at once, never used again; a restart asked for does the same, clearing on
// request what the browser keeps (restart()).
import { download, progress, root, statusLine } from "./dom.mjs";
import { mark, pageTime, timeFrom } from "./marks.mjs";
import { state } from "./state.mjs";
import { say, sayFault } from "./wording.mjs";

// The worker's answers are UTF-8 bytes.
const utf8 = new TextDecoder();
export const fromJson = (bytes) => JSON.parse(utf8.decode(bytes));

export const START_STALL = 45_000; // ms without a message or a byte while Python starts
const CALL_LIMIT = 20_000; // ms for any call, and as much again per MB of the files it is given

// What the rest of the page hooks in (checker.mjs, restart.mjs): the worker's "ready" (first start and
// each start after), a start that failed, and something that takes longer than it should.
// The start's steps the worker reports ({ progress }), as the status line says them.
const STEPS = { 1: say("calls.loading-runtime"), 2: say("calls.installing") };

export const hooks = { ready: () => {}, failed: () => {}, stuck: () => {} };

const current = {
  worker: null,
  pending: new Map(), // id: { resolve, reject, timer }
  lastId: 0,
  starting: false, // a start under way: no "ready" answered yet
  stallTimer: 0,
  received: {}, // bytes of each file, from the worker ({ received }) and from the page's own fetch
};

export function fail(message) {
  root.dataset.state = "error";
  statusLine.textContent = say("calls.could-not-start");
  hooks.failed(message);
}

// --- the start ---------------------------------------------------------------------------------

// Resets the start's time limit: called on every sign of progress while Python starts.
function alive() {
  clearTimeout(current.stallTimer);
  if (!current.starting) return;
  current.stallTimer = setTimeout(() => hooks.stuck({ what: "start", seconds: START_STALL / 1000 }), START_STALL);
}

// A first visit's download, as bytes of the total (the files' sizes, written by the build).
function showReceived() {
  const total = Number(root.dataset.downloadBytes) || 0;
  const got = Object.values(current.received).reduce((sum, bytes) => sum + bytes, 0);
  if (!total || !current.starting || got >= total) return;
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  progress.max = total;
  progress.value = got;
  statusLine.textContent = say("calls.downloading", { got: mb(got), total: mb(total) });
}

function listen(worker) {
  worker.onmessage = ({ data }) => {
    if (worker !== current.worker) return;
    alive();
    if (data.received) {
      Object.assign(current.received, data.received);
      showReceived();
      return;
    }
    if (data.progress !== undefined) {
      progress.max = 3;
      progress.value = data.progress;
      statusLine.textContent = STEPS[data.progress] ?? "";
      return;
    }
    const waiting = current.pending.get(data.id);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    data.received = performance.now();
    current.pending.delete(data.id);
    if (data.error === undefined) {
      waiting.resolve(data);
      return;
    }
    waiting.reject(new Error(data.fault ? sayFault(data.fault) : data.error));
    // A call that threw: the worker's Python may be in any state. Replaced, never used again.
    if (!data.starting) replace();
  };
  worker.onerror = (event) => {
    event.preventDefault();
    if (worker !== current.worker) return;
    const message = event.message || say("calls.worker-stopped");
    const starting = current.starting;
    drop(new Error(message));
    if (starting) fail(message);
    else replace();
  };
}

// Rejects what the current worker was asked, and ends it.
function drop(error) {
  clearTimeout(current.stallTimer);
  current.starting = false;
  for (const waiting of current.pending.values()) {
    clearTimeout(waiting.timer);
    waiting.reject(error);
  }
  current.pending.clear();
  current.worker?.terminate();
  current.worker = null;
}

// How many workers this page has started (root's data-workers: a worker replaced is a new one).
function counted(worker) {
  current.worker = worker;
  root.dataset.workers = String(Number(root.dataset.workers ?? 0) + 1);
}

function takeOver({ worker, early, stop, received }) {
  counted(worker);
  current.starting = true;
  listen(worker);
  // The page's own download of the WebAssembly (checker.md.j2's inline script), as it comes.
  if (received) {
    const update = () => {
      current.received["pyodide.asm.wasm"] = received.bytes;
      alive();
      showReceived();
    };
    received.listen = update;
    update();
  }
  stop();
  for (const event of early) (event.type === "error" ? worker.onerror : worker.onmessage)(event);
  alive();
}

// A fresh worker, from the page's address of it; it fetches its own WebAssembly.
function startWorker() {
  current.received = {};
  current.starting = true;
  const worker = new Worker(new URL(root.dataset.worker, location.href), { type: "module" });
  counted(worker);
  listen(worker);
  alive();
}

// Asks the current worker for "ready"; hands it to the page (hooks.ready) once it comes.
function whenReady() {
  call("ready").then((answer) => {
    current.starting = false;
    clearTimeout(current.stallTimer);
    hooks.ready(answer);
  }, (error) => {
    if (current.starting) fail(error.message);
  });
}

// The worker is replaced by a fresh one (the page stays as it is; files chosen are checked again by
// the reader). `restart` with what else to clear, as the reader asked: Python's saved state
// (IndexedDB), the site's kept files (Cache Storage), the remembered choices (localStorage).
export async function restart({ snapshot = false, files = false, choices = false } = {}) {
  drop(Object.assign(new Error(say("calls.started-again")), { restarted: true }));
  state.ready = false;
  root.dataset.state = "loading";
  progress.max = 3;
  progress.value = 0;
  statusLine.textContent = say("calls.starting-again");
  const cleared = [];
  if (snapshot) cleared.push(forgetDatabase("recert-python"));
  if (files && globalThis.caches) {
    cleared.push(caches.keys().then((names) => Promise.all(names.filter((n) => n.startsWith("recert-")).map((n) => caches.delete(n)))));
  }
  if (choices) {
    try {
      for (const key of Object.keys(localStorage)) if (key.startsWith("recert-")) localStorage.removeItem(key);
    } catch {
      // storage refused: nothing was kept
    }
  }
  await Promise.allSettled(cleared);
  startWorker();
  whenReady();
}

function forgetDatabase(name) {
  return new Promise((resolve) => {
    try {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    } catch {
      resolve();
    }
  });
}

function replace() {
  drop(new Error(say("calls.worker-failed")));
  state.ready = false;
  root.dataset.state = "loading";
  startWorker();
  whenReady();
}

// --- calls -------------------------------------------------------------------------------------

// `limit`: ms until the page says the call takes longer than it should (the call goes on).
export function call(op, ...args) {
  if (!current.worker) return Promise.reject(new Error(say("calls.not-running")));
  current.lastId += 1;
  const id = current.lastId;
  const worker = current.worker;
  const bytes = args.flat().filter((arg) => arg instanceof Uint8Array).reduce((sum, b) => sum + b.byteLength, 0);
  const limit = CALL_LIMIT * (1 + bytes / 1e6);
  return new Promise((resolve, reject) => {
    const timer = op === "ready" ? 0 : setTimeout(() => {
      if (current.pending.has(id) && current.worker === worker) hooks.stuck({ what: "call", op, name: args[0], seconds: Math.round(limit / 1000) });
    }, limit);
    current.pending.set(id, { resolve, reject, timer });
    // The files' bytes go to the worker without a copy: each call is given copies of its own.
    const buffers = args.flat().filter((arg) => arg instanceof Uint8Array).map((b) => b.buffer);
    worker.postMessage({ id, op, args }, buffers);
  });
}

// The page's modules hook in (hooks), then this takes over the worker the inline script started.
export function begin(pageHooks) {
  Object.assign(hooks, pageHooks);
  const started = window.recertStarted;
  if (!started) {
    fail(say("calls.no-worker"));
    return;
  }
  takeOver(started);
  whenReady();
}

// What a call that failed gives in place of its answer, for the page to show as it shows an unusable
// file: what happened (`what`: " on this file"...); the worker has been replaced already. Null when the
// reader started the checker again meanwhile: nothing to say about that call.
export function failure(error, what = "") {
  if (error.restarted) return null;
  return { ok: false, error: say("calls.failed", { what, error: error.message || say("calls.unknown-error") }) };
}

// One call to recert_core.browser in the worker for the page's files, the column-mapping step, the
// roster and the editor (the worker runs only the names it lists; tests/test_page_calls.py checks them
// against recert_core/browser.py): a promise of the answer, decoded as JSON unless `raw`.
export async function pageCall(name, args, raw = false) {
  const timed = name === "run_check" && state.timing === state.sequence;
  if (timed) timeFrom("posted");
  const answer = await call("call", name, ...args);
  if (name === "run_check" || name === "run_editor") root.dataset.checkMs = String(Math.round(answer.ms));
  if (timed && state.timing === state.sequence) {
    mark("recert:python-start", pageTime(answer.at[0]));
    mark("recert:python-done", pageTime(answer.at[1]));
    mark("recert:answered", answer.received);
  }
  const value = raw ? answer.payload : fromJson(answer.payload);
  if (timed && state.timing === state.sequence) timeFrom("parsed");
  return value;
}

// Today on the reader's clock, as the calls take it (YYYY-MM-DD).
export function localDate() {
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
}

// The order in which this device writes a date's day and month ("day" or "month"), from its locale's
// own formatting of a date whose day and month cannot be confused: the check reads a date column that
// no date settles (03/04/2025) that way, and says so.
export function dateOrder() {
  const parts = new Intl.DateTimeFormat().formatToParts(new Date(2025, 2, 19)).map((part) => part.type);
  return parts.indexOf("day") < parts.indexOf("month") ? "day" : "month";
}

// A download made by the worker when asked for: the JSON the check made (byte for byte the command
// line's), or the CSV made then from the report shown.
export function offer(op, type) {
  return () => call(op).then((answer) => download(`${state.shown.base}.${op}`, answer.payload, type),
    (error) => { statusLine.textContent = say("calls.download-failed", { error: error.message }); });
}
