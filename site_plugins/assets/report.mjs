// The report of one transcript: the verdict, what to fix, the hours by component and topic, what to do
// next, the downloads, and every row of the file with where its hours went. A roster's report is
// roster.mjs's; an unusable file gets its error.
import { COMPONENTS, LEVELS, el, errorBox, hours, reportBox, root, showError, statusLine, table, tableRow } from "./dom.mjs";
import { offer, pageCall } from "./calls.mjs";
import { showRoster } from "./roster.mjs";
import { state } from "./state.mjs";
import { say } from "./wording.mjs";

const ROWS_PER_PAGE = 1000; // a 100,000-row file is drawn a thousand rows at a time
const FIRST_ROWS = 60; // rows drawn with the verdict: more than a screenful, even on a tall screen
const ROWS_PER_BATCH = 300; // then the rest of the first thousand, this many per task
const ROW_HEAD = [say("report.rows-line"), say("report.rows-date"), say("report.rows-title"), say("report.rows-hours"),
  say("report.rows-status"), say("report.rows-toward"), say("report.rows-why")];
window.addEventListener("beforeprint", () => state.shown.finishRows?.());

// A check's answer, shown with what it is about (`about`, from the part of the page that asked):
// - name: how the status line names it (“the files' names”, or your courses);
// - columns(file): the line on how the file's columns were read, with the way to change them, drawn
//   under the verdict (the files' check, columns.mjs);
// - noteAction(note): what the reader can do about a note on how the file was read (the files' check:
//   the dates' other order), or null;
// - edit(): opens the editor on the report's courses (the files' check);
// - edited(report): marks the editor's rows with their status (the editor's own check, editor.mjs).
export function show(result, about) {
  state.shown.finishRows = null; // the rows of a report shown before are no longer drawn
  state.shown.report = null;
  if (result.ok && result.people) showRoster(result, about);
  else if (result.ok && result.empty) showEmpty();
  else if (!result.ok) showUnusable(result.page ?? result.error);
  else showReport(result, about);
}

function showEmpty() {
  root.dataset.result = "empty";
  errorBox.hidden = true;
  reportBox.hidden = true;
  reportBox.replaceChildren();
  statusLine.textContent = say("report.empty");
}

function showUnusable(error) {
  root.dataset.result = "unusable";
  reportBox.hidden = true;
  reportBox.replaceChildren();
  showError(error);
  statusLine.textContent = say("report.choose-another");
}

function showReport(result, about) {
  errorBox.hidden = true;
  const report = result.report;
  root.dataset.result = report.met ? "met" : "not-met";
  statusLine.textContent = say("report.checked", { name: about.name });
  state.shown.base = `recert-${report.level}-${report.cycle}`;
  const sections = [
    ...verdict(report),
    howRead(report.file, about),
    fixes(report),
    unverified(report),
    provisional(report),
    ...report.waivers.map(waiver),
    nextSteps(result.next, report),
    ...componentHours(report),
    topicHours(report),
    pediatricHours(report),
    actions(about),
    ...rows(report),
  ];
  reportBox.replaceChildren(...sections.filter(Boolean));
  reportBox.hidden = false;
  about.edited?.(report);
}

function verdict(report) {
  return [
    el("h2", { id: "recert-verdict", class: report.met ? "recert-met" : "recert-not-met", tabindex: "-1" }, report.verdict),
    el("p", {}, say("report.window", { level: LEVELS[report.level] ?? report.level, cycle: report.cycle, start: report.window.start, end: report.window.end })),
  ];
}

function fixes(report) {
  const toFix = report.next_steps.fixes;
  if (!toFix.length) return null;
  return el("section", { class: "recert-fixes", "aria-labelledby": "recert-fixes-title" },
    el("h3", { id: "recert-fixes-title" }, say("report.fixes-title")),
    el("ul", {}, toFix.map((f) => el("li", { "data-lines": f.lines.join(" "), "data-code": f.code }, f.message))));
}

function unverified(report) {
  if (!report.unverified.length) return null;
  return el("section", { class: "recert-unverified", "aria-labelledby": "recert-unverified-title" },
    el("h3", { id: "recert-unverified-title" }, say("report.unverified-title")),
    el("p", {}, say("report.unverified-intro")),
    el("ul", {}, report.unverified.map((r) => el("li", {}, say("report.unverified-row", { line: r.line, title: r.title || say("report.no-title"), hours: hours(r.hours) })))));
}

function provisional(report) {
  if (!report.provisional) return null;
  return el("div", { class: "admonition warning" },
    el("p", { class: "admonition-title" }, say("report.provisional-title")),
    el("p", {}, say("report.provisional")),
    el("details", {}, el("summary", {}, say("report.provisional-why", { count: report.provisional_reasons.length })),
      el("ul", {}, report.provisional_reasons.map((r) => el("li", {}, r)))));
}

function waiver(text) {
  return el("div", { class: "admonition tip" }, el("p", { class: "admonition-title" }, say("report.waiver-title")), el("p", {}, text));
}

function componentHours(report) {
  const total = report.distributive_total;
  return [
    table(say("report.components-caption"), [say("table.component"), say("table.required"), say("table.counted"),
      say("report.distributive-counted"), say("report.distributive-limit"), say("table.short")],
      Object.entries(report.components).map(([name, c]) => [COMPONENTS[name], hours(c.required), hours(c.counted),
        hours(c.distributive), hours(c.distributive_limit), hours(c.short)]),
      "recert-components"),
    total.limit === null ? null : el("p", {}, say("report.distributive-total", { counted: hours(total.counted), limit: hours(total.limit) })),
  ];
}

function topicHours(report) {
  if (!report.topics) return el("p", { class: "recert-topics-unchecked" }, report.topics_unchecked);
  return table(say("report.topics-caption"), [say("table.topic"), say("table.required"), say("table.counted"), say("table.short")],
    report.topics.map((t) => [t.name, hours(t.required), hours(t.counted), hours(t.short)]));
}

// The pediatric share of National (cards expiring 2026 on), in the report's own words, beside the
// hours tables (why it could not be checked, and how to mark the courses, is among what to do next).
function pediatricHours(report) {
  if (!report.pediatric_text) return null;
  return el("p", { class: "recert-pediatric" }, report.pediatric_text);
}

function nextSteps(next, report) {
  const upcoming = next.deadlines.filter((d) => !d.passed);
  const mark = (item) => (item.provisional ? say("report.provisional-mark") : "");
  const needs = report.next_steps.needs;
  return el("section", { class: "recert-next", "aria-labelledby": "recert-next-title" },
    el("h3", { id: "recert-next-title" }, say("report.next-title")),
    needs.length ? el("ul", { class: "recert-needs" }, needs.map((n) => el("li", {}, n.message))) : null,
    upcoming.length
      ? el("ul", {}, upcoming.map((d) => el("li", {}, el("strong", {}, d.when), `: ${d.label}${mark(d)}`)))
      : el("p", {}, say("report.dates-passed", { cycle: report.cycle })),
    el("ol", {}, next.steps.map((step) => el("li", {}, el("strong", {}, `${step.title}.`), ` ${step.detail}`))),
    table(say("report.fees-caption"), [say("report.fees-fee"), say("report.fees-amount")], next.fees.map((f) => [f.label + mark(f), f.amount])),
  );
}

// The downloads come from the worker when asked for: the CSV is made then, from the report just
// shown; the JSON is the text the check made, byte for byte what the command line prints. They come
// after what to do next, and look secondary to it: a record to keep, not the next step.
function actions(about) {
  const button = (id, text, onClick) => {
    const node = el("button", { type: "button", class: "md-button", id }, text);
    node.addEventListener("click", onClick);
    return node;
  };
  return el("p", { class: "recert-actions" },
    button("recert-download-json", say("report.download-json"), offer("json", "application/json")), " ",
    button("recert-download-csv", say("report.download-csv"), offer("csv", "text/csv")), " ",
    button("recert-print", say("report.print"), () => window.print()),
    about.edit ? [" ", button("recert-edit", say("report.edit"), about.edit)] : null);
}

// Every row of the file. The verdict is shown with the first screenful of rows; the rest of the first
// thousand follow in the next tasks, a batch at a time, once that frame is painted (and at once before
// printing). The answer carries the first rows only (recert_core.browser.PAGE_ROWS); the others are
// asked for when "Show more" needs them.
function rows(report) {
  const s = report.summary;
  const total = s.rows; // every row of the file
  const rowsTable = table(say("report.rows-caption"), ROW_HEAD,
    report.rows.slice(0, FIRST_ROWS).map(rowCells), "recert-rows");
  const body = rowsTable.querySelector("tbody");
  state.shown.report = report;
  let shown = Math.min(FIRST_ROWS, report.rows.length);
  const drawRows = (count) => {
    const batch = document.createDocumentFragment();
    batch.append(...report.rows.slice(shown, shown + count).map((row) => tableRow(ROW_HEAD, rowCells(row))));
    body.append(batch);
    shown = Math.min(shown + count, report.rows.length);
  };
  const more = el("button", { type: "button", class: "md-button", id: "recert-more-rows", hidden: true }, "");
  const moreBox = el("p", {}, more);
  const label = () => {
    more.textContent = say("report.more-rows", { count: Math.min(ROWS_PER_PAGE, total - shown), shown, total });
    if (shown >= total) moreBox.remove();
    else more.hidden = false;
  };
  more.addEventListener("click", async () => {
    const wanted = Math.min(shown + ROWS_PER_PAGE, total) - report.rows.length;
    if (wanted > 0) {
      more.disabled = true;
      let next;
      try {
        next = await pageCall("report_rows", [report.rows.length, wanted]);
      } catch (error) {
        statusLine.textContent = say("report.more-rows-failed", { error: error.message });
        return;
      } finally {
        more.disabled = false;
      }
      if (state.shown.report !== report) return; // another check has replaced this report meanwhile
      report.rows.push(...next);
    }
    drawRows(ROWS_PER_PAGE);
    label();
  });
  const firstPage = Math.min(ROWS_PER_PAGE, report.rows.length);
  const drawFirstPage = () => {
    if (shown < firstPage) drawRows(firstPage - shown);
    label();
    rowsTable.dataset.drawn = "yes";
    if (state.shown.finishRows === drawFirstPage) state.shown.finishRows = null;
  };
  state.shown.finishRows = drawFirstPage;
  const drawInTurn = () => {
    if (state.shown.finishRows !== drawFirstPage) return; // finished already, or another report has replaced this one
    if (firstPage - shown > ROWS_PER_BATCH) {
      drawRows(ROWS_PER_BATCH);
      setTimeout(drawInTurn, 0);
    } else {
      drawFirstPage();
    }
  };
  if (shown < firstPage) requestAnimationFrame(() => setTimeout(drawInTurn, 0));
  else drawFirstPage();
  return [
    el("h3", {}, say("report.rows-heading")),
    el("p", {}, s.blank_lines
      ? say("report.summary-blank", { rows: s.rows, counted: s.counted, partial: s.partial, unused: s.unused, unverified: s.unverified, rejected: s.rejected, skipped: s.skipped, blank: s.blank_lines })
      : say("report.summary", { rows: s.rows, counted: s.counted, partial: s.partial, unused: s.unused, unverified: s.unverified, rejected: s.rejected, skipped: s.skipped })),
    rowsTable,
    shown < total ? moreBox : null,
  ];
}

function rowCells(row) {
  return [
    row.file ? say("report.row-where", { file: row.file, line: row.line }) : String(row.line), row.date, row.title, row.hours === null ? "" : String(row.hours),
    el("span", { class: `recert-status-${row.status}` }, row.status),
    Object.entries(row.allocated).map(([c, h]) => `${COMPONENTS[c]} ${hours(h)}`).join("; "),
    el("ul", {}, row.reasons.map((r) => el("li", { "data-code": r.code }, r.message))),
  ];
}

// How the file was read, as the command line says it: the columns (and the way to change them), every
// note the reader made about the file (sheets read, the dates' order and why, columns read by their cells,
// minutes, split hours, time spent not counted, courses named by their number...), and its format.
// Exported for a roster's report (roster.mjs).
export function howRead(file, about) {
  const notes = file.notes ?? [];
  if (!about.columns && !notes.length) return null; // the editor's own courses: nothing to say
  return el("section", { class: "recert-reading", "aria-label": say("report.how-read") },
    about.columns ? about.columns(file) : null,
    notes.length ? el("ul", { class: "recert-notes" }, notes.map((note) => el("li", { "data-code": note.code, "data-column": note.column || null },
      note.message, about.noteAction?.(note) ?? null))) : null,
    about.columns ? fileRead(file) : null);
}

function fileRead(file) {
  return el("p", { class: "recert-file" }, file.format === "csv"
    ? say("report.file-csv", { encoding: file.encoding, delimiter: file.delimiter })
    : file.sheet ? say("report.file-sheet", { format: file.format, sheet: file.sheet }) : say("report.file-workbook", { format: file.format }));
}
