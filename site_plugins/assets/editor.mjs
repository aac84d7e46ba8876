// The transcript editor: the courses as rows to type in or correct (the file's, or none for paper
// certificates); each change is checked again, and each row shows its status and reasons in place.
// Nothing is stored unless "Remember on this device" is ticked.
import { byId, download, editorBox, el, form, mappingBox, statusLine } from "./dom.mjs";
import { failure, localDate, pageCall } from "./calls.mjs";
import { show } from "./report.mjs";
import { state } from "./state.mjs";
import { say } from "./wording.mjs";

const EDITOR_KEY = "recert-editor-rows";
// A field: its name, its label, and a text box (with its hint) or a list of values. The values are
// what the CSV the editor makes holds, read by the checker as a file's cells are: data, not wording.
const EDITOR_FIELDS = [
  ["date", say("editor.date"), "text", "2025-05-14"],
  ["title", say("editor.title-field"), "text", ""],
  ["hours", say("editor.hours"), "text", "1.5"],
  ["approval", say("editor.approval"), "text", say("editor.approval-hint")],
  ["component", say("editor.component"), ["", "National", "Local", "Individual"]],
  ["topic", say("editor.topic"), ["", "Airway", "Cardiology", "Trauma", "Medical", "Operations"]],
  ["delivery", say("editor.delivery"), ["", "In person", "Online"]],
  // Whether the course is pediatric (cards expiring 2026 on need a share of National to be): blank is
  // "not said", which the checker never counts as pediatric.
  ["pediatric", say("editor.pediatric"), ["", "Yes", "No"]],
];
const blankRow = () => Object.fromEntries(EDITOR_FIELDS.map(([field]) => [field, ""]));

const MAX_ROWS = 5000; // more than any transcript typed in by hand
const MAX_TEXT = 1000; // characters in one cell

// The courses remembered on this device, checked as they are read (any page of the site's origin can
// write the page's storage): a list of rows, each with text in the editor's fields only. A row that
// is not is left out and forgotten (counted in `state.editor.dropped`, which the editor says); a value
// that is not a list is forgotten whole. Null when none is remembered.
export function storedRows() {
  let kept;
  try {
    const text = localStorage.getItem(EDITOR_KEY);
    if (text === null) return null;
    kept = JSON.parse(text);
  } catch {
    kept = undefined;
  }
  const fields = new Set(EDITOR_FIELDS.map(([field]) => field));
  const usable = (row) => row !== null && typeof row === "object" && !Array.isArray(row) &&
    Object.entries(row).every(([field, value]) => fields.has(field) && typeof value === "string" && value.length <= MAX_TEXT);
  if (!Array.isArray(kept)) {
    forgetRows();
    return null;
  }
  const rows = kept.slice(0, MAX_ROWS).filter(usable).map((row) => ({ ...blankRow(), ...row }));
  if (rows.length < kept.length) {
    state.editor.dropped += kept.length - rows.length;
    try {
      localStorage.setItem(EDITOR_KEY, JSON.stringify(rows));
    } catch {
      // storage refused: they are left out of this page all the same
    }
  }
  return rows.length ? rows : null;
}

function forgetRows() {
  try {
    localStorage.removeItem(EDITOR_KEY);
  } catch {
    // nothing was kept
  }
}

function keepRows() {
  const box = byId("recert-editor-remember");
  try {
    if (box?.checked) localStorage.setItem(EDITOR_KEY, JSON.stringify(state.editor.rows));
    else localStorage.removeItem(EDITOR_KEY);
  } catch {
    // storage refused: the rows stay on this page only
  }
}

// `fromReport`: the courses of the report shown; otherwise those remembered on this device, or none.
export async function openEditor(fromReport) {
  const editor = state.editor;
  editor.note = "";
  if (fromReport) {
    const answer = await pageCall("editor_rows", []).catch((error) => ({ ok: false, error: error.message }));
    editor.rows = answer.ok ? answer.rows : [];
    if (answer.ok && answer.left_out) {
      editor.note = say("editor.left-out", { count: answer.left_out });
    }
  } else {
    editor.rows = storedRows() ?? [];
    if (editor.dropped) {
      editor.note = say("editor.dropped", { count: editor.dropped });
      editor.dropped = 0;
    }
  }
  if (!editor.rows.length) editor.rows = [blankRow()];
  editor.open = true;
  mappingBox.hidden = true;
  drawEditor(storedRows() !== null);
  checkEditor();
  byId("recert-editor-title").focus();
}

export function closeEditor() {
  state.editor.open = false;
  editorBox.hidden = true;
  editorBox.replaceChildren();
}

export async function checkEditor() {
  state.sequence += 1;
  const mine = state.sequence;
  statusLine.textContent = say("editor.checking");
  const result = await pageCall("run_editor", [JSON.stringify(state.editor.rows), form.level.value, form.cycle.value, localDate()])
    .catch((error) => failure(error, say("editor.on-these-courses")));
  if (!result) return;
  if (mine !== state.sequence) return;
  show(result, { name: say("editor.about"), edited: markEditor });
  if (result.ok && result.empty) markEditor(null);
}

function editorCell(index, [field, label, kind, hint], row) {
  const id = `recert-edit-${index}-${field}`;
  let input;
  if (Array.isArray(kind)) {
    const options = kind.includes(row[field]) ? kind : [...kind, row[field]];
    input = el("select", { id, "data-field": field }, options.map((o) => el("option", { value: o }, o || say("editor.blank"))));
  } else {
    input = el("input", { id, type: "text", "data-field": field, placeholder: hint || null,
      inputmode: field === "hours" ? "decimal" : null, autocomplete: "off" });
  }
  input.value = row[field] ?? "";
  const changed = () => {
    state.editor.rows[index][field] = input.value;
    keepRows();
    clearTimeout(state.editor.timer);
    state.editor.timer = setTimeout(checkEditor, 400);
  };
  input.addEventListener("input", changed);
  input.addEventListener("change", changed);
  return el("td", { "data-field": field }, el("label", { for: id, class: "recert-cell-label" }, say("editor.cell-label", { label, number: index + 1 })), input);
}

function drawEditor(remembered) {
  const editor = state.editor;
  const rows = editor.rows.map((row, index) => {
    const remove = el("button", { type: "button", class: "recert-link recert-edit-delete" }, say("editor.delete", { number: index + 1 }));
    remove.addEventListener("click", () => {
      editor.rows.splice(index, 1);
      if (!editor.rows.length) editor.rows.push(blankRow());
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
  const add = el("button", { type: "button", class: "md-button", id: "recert-edit-add" }, say("editor.add"));
  add.addEventListener("click", () => {
    editor.rows.push(blankRow());
    keepRows();
    drawEditor(remember.checked);
    byId(`recert-edit-${editor.rows.length - 1}-date`).focus();
  });
  const save = el("button", { type: "button", class: "md-button", id: "recert-edit-download" }, say("report.download-csv"));
  save.addEventListener("click", () => pageCall("editor_csv", [], true).then(
    (csv) => download("recert-transcript.csv", csv, "text/csv"),
    (error) => { statusLine.textContent = say("calls.download-failed", { error: error.message }); }));
  editorBox.replaceChildren(
    el("h2", { id: "recert-editor-title", tabindex: "-1" }, say("editor.title")),
    el("p", {}, say("editor.intro")),
    ...(editor.note ? [el("p", {}, editor.note)] : []),
    el("table", { class: "recert-editor-table" },
      el("caption", {}, say("editor.caption")),
      el("thead", {}, el("tr", {}, EDITOR_FIELDS.map(([, label]) => el("th", { scope: "col" }, label)), el("th", { scope: "col" }, say("editor.result")))),
      el("tbody", {}, rows)),
    el("p", { class: "recert-actions" }, add, " ", save),
    el("p", {}, el("label", {}, remember, say("editor.remember"))),
  );
  editorBox.hidden = false;
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
