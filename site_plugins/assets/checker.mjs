// The checker page: level, cycle and file in; the report out. Python runs in a module Web Worker
// (worker.mjs), started by the page's inline script (checker.md.j2). This module starts the page:
// the form and the address, what the reader does (choose or drop files, the sample, the editor, the
// plan), and the moment Python is ready. The page's other modules, by what the reader sees:
// columns.mjs (the files' check and the column step), report.mjs (the verdict and its tables),
// roster.mjs, editor.mjs, plan.mjs; calls.mjs talks to the worker (and gives every start and call a
// time limit), restart.mjs says what happened when the checker cannot go on and offers to start it
// again, marks.mjs times it, dom.mjs holds the page's elements and drawing helpers, state.mjs
// everything that changes.
import { byId, errorBox, form, progress, root, situation, statusLine } from "./dom.mjs";
import { begin, fromJson } from "./calls.mjs";
import { checkFiles } from "./columns.mjs";
import { checkCertificates, checkPasted, chooseCertificates, downloadPacket, isPdf, setUpCertificates } from "./certificates.mjs";
import { checkEditor, closeEditor, openEditor, storedRows } from "./editor.mjs";
import { mark, pageTime, timeFrom } from "./marks.mjs";
import { plan } from "./plan.mjs";
import { couldNotStart, tookTooLong } from "./restart.mjs";
import { state } from "./state.mjs";
import { say } from "./wording.mjs";

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
state.plan.stated = query.has("nremt");
state.plan.nremtExpiresChosen = state.plan.stated && query.has("nremt_expires");

function remember() {
  const kept = state.plan.stated ? Object.keys(selects) : ["level", "cycle"];
  const address = new URLSearchParams(kept.map((name) => [name, selects[name].value]));
  if (state.plan.stated) address.set("roles", situation.roles.filter((box) => box.checked).map((box) => box.value).join(","));
  history.replaceState(history.state, "", `?${address}`);
}

// Python's "ready": the first start's, and each start after a worker was replaced (calls.mjs). A file
// chosen while the checker was starting again is checked then; the one that stopped it is not.
function ready(answer) {
  const first = !state.started;
  state.started = true;
  state.ready = true;
  if (byId("recert-restart")) errorBox.hidden = true; // a slow start that came after all
  // For the benchmark (benchmarks/bench.py): time from navigation, and how Python started.
  root.dataset.readyMs = String(Math.round(performance.now()));
  const startup = fromJson(answer.payload);
  root.dataset.snapshot = startup.fromSnapshot ? "yes" : "no";
  for (const [step, at] of startup.marks ?? []) mark(`recert-start:${step}`, pageTime(at));
  mark("recert-start:ready");
  root.dataset.state = "ready";
  progress.value = progress.max;
  statusLine.textContent = say("checker.ready");
  plan();
  if (!first) {
    if (state.waiting) run();
    return;
  }
  // Back or reload may have brought the file input back with its file chosen (the browser restores
  // it after the page's scripts ran, with no change event): check it, never show a name over nothing.
  if (!state.chosen && form.file.files?.length) choose(form.file.files);
  else run();
}

// New files, read as one transcript: checked from scratch, their verdict brought into view.
function take(files) {
  state.certificates = null;
  state.chosen = files;
  state.mappings = [];
  state.preview = null;
  closeEditor();
  state.revealNext = true;
}

async function choose(files) {
  const list = [...(files ?? [])];
  if (!list.length) return;
  if (list.some(isPdf)) { // certificates: read, shown for confirmation, then checked (certificates.mjs)
    take(null);
    chooseCertificates(list);
    return;
  }
  timeFrom("chosen");
  const names = list.map((file) => file.name);
  const bytes = await Promise.all(list.map((file) => file.arrayBuffer()));
  timeFrom("read");
  form.file.value = ""; // so that choosing the same file again is a change, and checks it again
  take({ name: names.join("”, “"), names, bytes });
  run();
}

function run() {
  state.waiting = !state.ready;
  if (state.editor.open) {
    checkEditor();
    return;
  }
  if (state.certificates) {
    checkCertificates();
    return;
  }
  const chosen = state.chosen;
  if (!chosen) return;
  if (!state.ready) {
    statusLine.textContent = say("checker.waiting", { name: chosen.name });
    return;
  }
  // Another level or cycle: the same files, read with the columns chosen for them.
  checkFiles(chosen, state.preview !== null);
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
    if (input === situation.nremtExpires) state.plan.nremtExpiresChosen = true;
    state.plan.stated = true;
    plan();
  });
}
byId("recert-plan-show").addEventListener("click", () => {
  state.plan.stated = true;
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
  take({ name: "sample.csv", names: ["sample.csv"], bytes: [await response.arrayBuffer()] });
  remember();
  run();
});

byId("recert-type").addEventListener("click", () => openEditor(false));
byId("recert-paste-check").addEventListener("click", () => {
  take(null);
  checkPasted();
});
byId("recert-packet").addEventListener("click", downloadPacket);
setUpCertificates(choose);
if (storedRows()) openEditor(false);

begin({ ready, failed: couldNotStart, stuck: tookTooLong });
