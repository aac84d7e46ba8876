// The files chosen and their columns: the check of the files, read with the columns as guessed or as
// the reader chose them, and the column step (which column holds what), shown when a column the
// check needs is missing or when the reader asks. A choice is remembered for files with the same
// header, on this device only.
import { byId, chosenRoles, el, errorBox, form, mappingBox, statusLine, table } from "./dom.mjs";
import { dateOrder, failure, localDate, pageCall } from "./calls.mjs";
import { openEditor } from "./editor.mjs";
import { timePainted } from "./marks.mjs";
import { show } from "./report.mjs";
import { state } from "./state.mjs";
import { labels, say } from "./wording.mjs";

const MAPPING_KEY = "recert-columns-";
// Short names of the fields the reader knows (recert_core's FIELDS, sent with the preview as `fields`:
// field -> what it means; sentences.toml's [page.fields]). A field without a short name is offered under its meaning.
const FIELD_LABELS = labels("fields");
const sentenceCase = (text) => text.charAt(0).toUpperCase() + text.slice(1);
const fieldLabel = (field) => FIELD_LABELS[field] ?? sentenceCase(state.preview?.fields?.[field] ?? field);
// A numeric date's order as the column choice says it (`dates=`), and as the report's notes say it.
const OTHER_ORDER = { "month-first": "day-first", "day-first": "month-first" };
const ORDER_NAMES = { "month-first": say("columns.month-first"), "day-first": say("columns.day-first") };
const ORDER_SHORT = { "month-first": say("columns.month-first-short"), "day-first": say("columns.day-first-short") };
const quoted = (name) => say("columns.quoted", { name });

// --- the check of the files ----------------------------------------------------------------------

// `again`: the same files as before (another level or cycle, or columns just chosen): read with the
// choices made for them. Otherwise the files are new: each file's header may have a remembered choice.
export async function checkFiles(files, again = false, problem = "") {
  try {
    await checkWith(files, again, problem);
  } catch (error) {
    // A bug, not a bad file (calls.mjs has replaced the worker): say so plainly, keep the page usable.
    const failed = failure(error, say("columns.on-this-file"));
    if (failed) show(failed, { name: quoted(files.name) });
  }
}

async function checkWith(files, again, problem) {
  state.sequence += 1;
  const mine = state.sequence;
  if (state.timing === -1) state.timing = mine;
  statusLine.textContent = say("columns.checking", { name: files.name });
  mappingBox.hidden = true;
  const [bytes, names] = filesArgs(files);
  const notes = []; // what the reader should know about choices remembered on this device
  const check = (columns) => pageCall("run_check", [bytes(), form.level.value, form.cycle.value, localDate(), names,
    columns, chosenRoles(), dateOrder()]);
  let checked;
  if (!again || !state.preview) {
    // The check with the columns as guessed goes with the preview, not after its answer: only a
    // choice remembered for a file's header (rare) has the files checked again, with it.
    const previewed = pageCall("preview", [bytes(), names, ""]);
    const asGuessed = check("");
    asGuessed.catch(() => {}); // met below, or not needed
    state.preview = await previewed;
    if (mine !== state.sequence) return;
    state.mappings = state.preview.ok ? state.preview.files.map((file) => {
      const kept = rememberedMapping(file.header, notes);
      return kept ? { columns: kept, remembered: true } : null;
    }) : [];
    checked = state.mappings.some(Boolean) ? check(columnsArg()) : asGuessed;
  } else {
    checked = check(columnsArg());
  }
  let result = await checked;
  if (!result.ok && state.mappings.some((m) => m?.remembered)) {
    // A remembered choice the files cannot be read with, where the columns as found can: forgotten.
    const guessed = await check("");
    if (guessed.ok) {
      state.preview.files.forEach((file, i) => state.mappings[i]?.remembered && forgetMapping(file.header));
      state.mappings = [];
      notes.push(UNUSABLE_CHOICE);
      result = guessed;
    }
  }
  if (mine !== state.sequence) return;
  show(result, { name: quoted(files.name), columns: columnsNote, noteAction: dateOrderOffer, edit: () => openEditor(true) });
  if (notes.length) statusLine.textContent += ` ${[...new Set(notes)].join(" ")}`;
  if (state.revealNext) reveal(result.ok ? byId("recert-verdict") : errorBox);
  timePainted(mine);
  if (result.ok || !state.preview.ok) return;
  // What each file still lacks with the choices made: the column step for those files.
  const read = state.mappings.some(Boolean) ? await pageCall("preview", [bytes(), names, columnsArg()]) : state.preview;
  if (mine !== state.sequence) return;
  const lacking = (read.ok ? read : state.preview).files.map((file, index) => ({ file, index })).filter(({ file }) => file.missing.length);
  if (lacking.length) showMapping(lacking, "missing", problem);
}

// After a file is checked (not when the level or cycle changes under the keyboard), focus and
// scroll to the verdict or the error: on a phone it is thousands of pixels below the file input.
function reveal(target) {
  state.revealNext = false;
  if (!target) return;
  target.tabIndex = -1;
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "start" });
}

// One file goes alone, as the command line reads one file (its report names no file); several go as
// a list with their names, read as one transcript.
function filesArgs(files) {
  const copies = () => files.bytes.map((b) => new Uint8Array(b.slice(0)));
  return files.bytes.length === 1 ? [() => copies()[0], null] : [copies, files.names];
}

// The column choices for the worker: one file's choice as it is ("" for none), or one per file, since
// each file's header has its own columns. A choice is { field: header, ..., ignore: [headers] }.
function columnsArg(choices = state.mappings) {
  const each = state.chosen.bytes.map((_, i) => choices[i]?.columns ?? "");
  return each.length === 1 ? each[0] : each;
}

// --- choices remembered on this device -----------------------------------------------------------

function headerKey(header) {
  let hash = 0x811c9dc5; // FNV-1a over the header's cells
  for (const char of JSON.stringify(header)) {
    hash ^= char.codePointAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return MAPPING_KEY + hash.toString(16);
}

const UNUSABLE_CHOICE = say("columns.unusable-choice");
const MAX_KEPT = 100_000; // characters: no header's choice is longer

// The choice remembered for this header, checked as it is read (the page's own storage can be written
// by any page of the site's origin): every key a field the checker knows (or "ignore", or "dates" with
// an order), every column one of this header's, none used twice. One that is not is forgotten, with a note (`notes`).
function rememberedMapping(header, notes = []) {
  let text;
  try {
    text = localStorage.getItem(headerKey(header));
  } catch {
    return null; // storage refused (private mode): no remembered choice
  }
  if (text === null) return null;
  let kept;
  try {
    kept = text.length <= MAX_KEPT ? JSON.parse(text) : null;
  } catch {
    kept = null;
  }
  if (kept && JSON.stringify(kept.header) !== JSON.stringify(header)) return null; // another header's (same key)
  if (kept && usableChoice(kept.columns, header)) return kept.columns;
  forgetMapping(header);
  notes.push(UNUSABLE_CHOICE);
  return null;
}

function usableChoice(columns, header) {
  if (!columns || typeof columns !== "object" || Array.isArray(columns)) return false;
  const fields = state.preview?.fields ?? FIELD_LABELS;
  const used = [];
  for (const [field, value] of Object.entries(columns)) {
    if (field === "ignore") {
      if (!Array.isArray(value) || !value.every((name) => typeof name === "string" && header.includes(name))) return false;
      used.push(...value);
    } else if (field === "dates") {
      if (!Object.hasOwn(OTHER_ORDER, value)) return false; // the order of the dates: not a column
    } else if (!Object.hasOwn(fields, field) || typeof value !== "string" || !header.includes(value)) {
      return false;
    } else {
      used.push(value);
    }
  }
  return new Set(used).size === used.length;
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

// --- the column step -----------------------------------------------------------------------------

const fileLabel = (index) => (state.chosen.names.length > 1 ? say("columns.of-file", { name: state.chosen.names[index] }) : "");

// For each file that needs it (`entries`: { file, index } from the preview, its columns as read with
// the choices made so far), each column with a choice of meaning and the file's first rows. "Not used"
// means the column is not read, even one whose name the checker knows.
function showMapping(entries, why, problemText = "") {
  const blocks = entries.map(({ file, index }) => mappingBlock(file, index, why));
  const remember = el("input", { type: "checkbox", id: "recert-map-remember", checked: true });
  const problem = el("p", { id: "recert-map-problem", class: "recert-map-problem", role: "alert" }, problemText);
  const check = el("button", { type: "button", class: "md-button md-button--primary", id: "recert-map-check" }, say("columns.check"));
  check.addEventListener("click", () => checkChosen(blocks, remember.checked, problem));
  mappingBox.replaceChildren(
    el("h2", { id: "recert-mapping-title", tabindex: "-1" }, say("columns.title")),
    ...blocks.map((block) => block.node),
    el("p", {}, el("label", {}, remember, say("columns.remember"))),
    problem,
    el("p", {}, check),
  );
  mappingBox.hidden = false;
  byId("recert-mapping-title").focus();
}

// One file's part of the column step: { file, index, selects, dates, node }. Every field the reader
// knows is offered (the preview's `fields`); a column its cells decided says so.
function mappingBlock(file, index, why) {
  const fileName = file.name || state.chosen.names[index]; // one file is read unnamed, as the command line reads it
  const meaningOf = (header) => Object.entries(file.columns).find(([, h]) => h === header)?.[0] ?? "";
  const id = (i) => (index ? `recert-map-${index}-${i}` : `recert-map-${i}`);
  const byCells = new Set((file.by_cells ?? []).map((field) => file.columns[field]));
  const selects = file.header.map((header, i) => {
    const select = el("select", { id: id(i), "data-header": header },
      el("option", { value: "" }, say("columns.not-used")),
      Object.keys(state.preview.fields).map((field) => el("option", { value: field }, fieldLabel(field))));
    select.value = meaningOf(header);
    return select;
  });
  const chosenOrder = state.mappings[index]?.columns?.dates ?? "";
  const orderId = index ? `recert-order-${index}` : "recert-order";
  const dates = el("select", { id: orderId },
    el("option", { value: "" }, say("columns.as-found")),
    Object.entries(ORDER_NAMES).map(([order, name]) => el("option", { value: order }, sentenceCase(name))));
  dates.value = chosenOrder;
  const missing = file.missing.map((f) => fieldLabel(f).toLowerCase());
  const node = el("fieldset", { class: "recert-map-file", "data-file": index },
    el("legend", {}, quoted(fileName)),
    el("p", {}, why === "missing"
      ? say("columns.missing", { name: fileName, missing: missing.join(", ") })
      : say("columns.asked", { name: fileName })),
    el("div", { class: "recert-map-columns" }, file.header.map((header, i) => el("div", { class: "recert-field", "data-by-cells": byCells.has(header) ? "yes" : null },
      el("label", { for: id(i) }, say("columns.column", { number: i + 1, file: fileLabel(index), header: header || say("columns.no-name") }),
        byCells.has(header) ? el("span", { class: "recert-map-by-cells" }, say("columns.by-cells")) : null),
      selects[i]))),
    el("div", { class: "recert-field recert-map-dates" }, el("label", { for: orderId }, say("columns.dates-label", { file: fileLabel(index) })), dates),
    table(say("columns.first-rows", { name: fileName }), file.header.map((h) => h || say("columns.no-name")),
      file.rows.map((row) => file.header.map((_, i) => row.cells[i] ?? "")), "recert-map-preview"),
  );
  return { file, index, selects, dates, node };
}

// "Check with these columns": the choices read from the step's selects, then the files checked with them.
async function checkChosen(blocks, remember, problem) {
  const next = [...state.mappings];
  for (const { index, selects, dates } of blocks) {
    const columns = { ignore: [] };
    for (const select of selects) {
      if (!select.value) {
        if (select.dataset.header) columns.ignore.push(select.dataset.header);
        continue;
      }
      if (columns[select.value] !== undefined) {
        problem.textContent = say("columns.twice", { file: fileLabel(index), field: fieldLabel(select.value) });
        select.focus();
        return;
      }
      columns[select.value] = select.dataset.header;
    }
    if (dates.value) columns.dates = dates.value;
    next[index] = { columns, remembered: false };
  }
  // What the reader still lacks with these choices (the required fields are its to say). A choice
  // that leaves one out is checked all the same: the answer is the usual "Missing column", with
  // this step open again; such a choice is not remembered.
  const [bytes, names] = filesArgs(state.chosen);
  const again = await pageCall("preview", [bytes(), names, columnsArg(next)]);
  const lacking = again.ok ? again.files.flatMap((f, i) => f.missing.map((m) => `${fieldLabel(m).toLowerCase()}${fileLabel(i)}`)) : [];
  for (const { file, index } of blocks) {
    if (lacking.length) continue;
    if (remember) next[index].remembered = rememberMapping(file.header, next[index].columns);
    else forgetMapping(file.header);
  }
  state.mappings = next;
  checkFiles(state.chosen, true, lacking.length ? say("columns.lacking", { fields: lacking.join(", ") }) : "");
}

// --- what the report says about the columns ------------------------------------------------------

// Under the verdict: which column was read as what (and which not at all), with the way to change it;
// whether the choice is remembered on this device (with a way to forget it); the order of the dates
// when the reader chose it.
function columnsNote(file) {
  const read = Object.entries(file.columns).map(([field, header]) => say("columns.read-as", { field: fieldLabel(field), header }));
  const files = state.preview?.ok ? state.preview.files : [];
  const parts = [
    el("p", { class: "recert-columns-read" }, el("strong", {}, say("columns.read-title")), say("columns.read", { columns: read.join("; ") }),
      file.ignored_columns.length ? say("columns.ignored", { columns: file.ignored_columns.map(quoted).join(", ") }) : "",
      files.length && state.chosen ? [" ", changeButton()] : null),
  ];
  if (files.length && state.mappings.some((m) => m?.remembered)) {
    const forget = el("button", { type: "button", class: "recert-link", id: "recert-map-forget" }, say("columns.forget"));
    forget.addEventListener("click", () => {
      files.forEach((f, i) => state.mappings[i]?.remembered && forgetMapping(f.header));
      state.mappings = [];
      checkFiles(state.chosen, true);
    });
    parts.push(el("p", { class: "recert-map-remembered" },
      say("columns.remembered"), forget));
  }
  state.mappings.forEach((mapping, index) => {
    const order = mapping?.columns?.dates;
    if (!order || !files[index]) return;
    parts.push(el("p", { class: "recert-dates-chosen", "data-order": order },
      say("columns.dates-chosen", { file: fileLabel(index), order: ORDER_NAMES[order] }),
      orderButton(index, OTHER_ORDER[order], say("columns.read-them", { order: ORDER_SHORT[OTHER_ORDER[order]] }))));
  });
  return parts;
}

function changeButton() {
  const change = el("button", { type: "button", class: "recert-link", id: "recert-map-change" }, say("columns.change"));
  change.addEventListener("click", async () => {
    // Every file, each with its columns as they are read now.
    const [bytes, names] = filesArgs(state.chosen);
    const read = state.mappings.some(Boolean) ? await pageCall("preview", [bytes(), names, columnsArg()]) : state.preview;
    showMapping((read.ok ? read : state.preview).files.map((f, index) => ({ file: f, index })), "asked");
  });
  return change;
}

// A note on the order the dates were read in, where no date in the file settled it (the file's hint or
// this device's own order did): the other order, a tap away.
function dateOrderOffer(note) {
  if (!OTHER_ORDER[note.order] || !["hint", "locale"].includes(note.settled_by) || !state.chosen) return null;
  const index = note.file ? state.chosen.names.indexOf(note.file) : 0;
  if (index < 0 || !state.preview?.ok) return null;
  const other = OTHER_ORDER[note.order];
  return [" ", orderButton(index, other, say("columns.read-them-instead", { order: ORDER_SHORT[other] }))];
}

// Check the files again with file `index`'s dates read in `order`, the other choices kept; remembered
// with the other column choices for that header, on this device.
function orderButton(index, order, text) {
  const button = el("button", { type: "button", class: "recert-link recert-dates-other", "data-order": order,
    id: index ? `recert-dates-${index}` : "recert-dates" }, text);
  button.addEventListener("click", () => {
    const kept = state.mappings[index]?.columns ?? {};
    const columns = { ...kept, dates: order };
    const header = state.preview.files[index].header;
    state.mappings[index] = { columns, remembered: rememberMapping(header, columns) };
    checkFiles(state.chosen, true);
  });
  return button;
}
