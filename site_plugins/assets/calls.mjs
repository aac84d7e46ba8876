// The page's calls to its Python, which runs in a module Web Worker (worker.mjs): every call is one
// message with an id and one answer with the same id ({ id, payload, ms, at } or { id, error });
// `call` gives a promise of that answer. The worker also sends { progress, text } unasked while
// Python starts. The page's inline script started the worker as the page opened (checker.md.j2);
// this module takes it over, with the messages it has sent meanwhile.
import { download, progress, root, showError, statusLine } from "./dom.mjs";
import { mark, pageTime, timeFrom } from "./marks.mjs";
import { state } from "./state.mjs";

// The worker's answers are UTF-8 bytes.
const utf8 = new TextDecoder();
export const fromJson = (bytes) => JSON.parse(utf8.decode(bytes));

export function fail(message) {
  root.dataset.state = "error";
  statusLine.textContent = "The checker could not start.";
  showError(`The checker could not start (${message}). Reload the page to try again; the command-line checker gives the same result.`);
}

const started = window.recertStarted;
if (!started) {
  fail("this browser could not start the checker's worker");
  throw new Error("no worker");
}
export const call = takeOver(started);

function takeOver({ worker, early, stop }) {
  const pending = new Map(); // id: { resolve, reject }
  let lastId = 0;
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
  stop();
  for (const event of early) (event.type === "error" ? worker.onerror : worker.onmessage)(event);
  return (op, ...args) => {
    lastId += 1;
    const id = lastId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      // The files' bytes go to the worker without a copy: each call is given copies of its own.
      const buffers = args.flat().filter((arg) => arg instanceof Uint8Array).map((bytes) => bytes.buffer);
      worker.postMessage({ id, op, args }, buffers);
    });
  };
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
    (error) => { statusLine.textContent = `The download failed (${error.message}). Please report it.`; });
}
