// A training officer's file: one line per person (level and cycle, met or not, short per component
// and national topic, hours waiting for an approval number), to sort and filter by status. The worker
// sends only these lines; a person's report (the same JSON as in `recert check --format json`'s
// {"people": [...]}) is asked for when that person's row is opened, so a roster of thousands draws at once.
import { COMPONENTS, LEVELS, el, errorBox, hours, reportBox, root, statusLine, table, tableRow } from "./dom.mjs";
import { offer, pageCall } from "./calls.mjs";
import { howRead } from "./report.mjs";
import { state } from "./state.mjs";
import { say } from "./wording.mjs";

const ROSTER_CHUNK = 250; // people drawn per task in a roster's table
// A person's status, as the filter names it: met, met once the courses' approval numbers are verified, not met.
const STATUSES = { met: say("roster.met"), "met-if-verified": say("roster.met-if-verified"), "not-met": say("roster.not-met") };
const statusOf = (p) => (p.met ? "met" : p.met_if_verified ? "met-if-verified" : "not-met");
const shortTotal = (p) => Object.values(p.short).reduce((sum, h) => sum + h, 0);
// The orders the summary can be read in; each a comparison of two people (ties keep the file's order).
const SORTS = {
  file: [say("roster.sort-file"), () => 0],
  person: [say("roster.sort-name"), (a, b) => a.person.localeCompare(b.person)],
  status: [say("roster.sort-status"), (a, b) => rank(b) - rank(a)],
  short: [say("roster.sort-short"), (a, b) => shortTotal(b) - shortTotal(a)],
};
const PERSON_HEAD = [say("report.rows-line"), say("report.rows-date"), say("report.rows-title"), say("report.rows-hours"),
  say("report.rows-status"), say("report.rows-why")];
const rank = (p) => Object.keys(STATUSES).indexOf(statusOf(p));
const HEAD = [say("roster.person"), say("roster.level"), say("roster.cycle"), say("report.rows-status"),
  ...Object.values(COMPONENTS).map((component) => say("roster.component-short", { component })), say("roster.topics-short"), say("roster.unverified")];

// `about`: what the report is about, as report.mjs's show() takes it.
export function showRoster(result, about) {
  errorBox.hidden = true;
  const { people, roster } = result;
  root.dataset.result = "roster";
  statusLine.textContent = say("roster.checked", { name: about.name, people: people.length });
  state.shown.base = `recert-roster-${roster.level}-${roster.cycle}`;
  const json = el("button", { type: "button", class: "md-button", id: "recert-download-json" }, say("report.download-json"));
  const csv = el("button", { type: "button", class: "md-button", id: "recert-download-csv" }, say("roster.download-csv"));
  json.addEventListener("click", offer("json", "application/json"));
  csv.addEventListener("click", offer("csv", "text/csv"));
  reportBox.replaceChildren(
    el("h2", { id: "recert-verdict", tabindex: "-1" }, roster.headline),
    el("p", {}, say("roster.asked", { level: LEVELS[roster.level] ?? roster.level, cycle: roster.cycle })),
    howRead(roster.file, about),
    ...summary(people),
    el("p", { class: "recert-actions" }, json, " ", csv),
  );
  reportBox.hidden = false;
}

function cells(p, i) {
  const topics = Object.entries(p.topics_short ?? {}).map(([name, h]) => `${name} ${hours(h)}`).join("; ");
  return [
    el("button", { type: "button", class: "recert-link recert-person-open", "aria-expanded": "false", "data-index": i }, p.person),
    LEVELS[p.level] ?? p.level, String(p.cycle),
    el("span", { class: `recert-roster-${statusOf(p)}` }, STATUSES[statusOf(p)]),
    ...Object.keys(COMPONENTS).map((c) => hours(p.short[c])),
    topics, hours(p.unverified),
  ];
}

// The summary by person, with its filter and its order: drawn a few hundred people at a time, each
// batch in its own task, so that a roster of thousands never holds the page; `data-drawn` says when
// every person shown is in the table, `data-shown` how many that is.
function summary(people) {
  const summaryTable = table(say("roster.summary-caption"), HEAD, [], "recert-roster");
  const body = summaryTable.querySelector("tbody");
  const counts = Object.fromEntries(Object.keys(STATUSES).map((s) => [s, people.filter((p) => statusOf(p) === s).length]));
  const filter = el("select", { id: "recert-roster-filter" },
    el("option", { value: "" }, say("roster.everyone", { count: people.length })),
    Object.entries(STATUSES).map(([s, name]) => el("option", { value: s }, say("roster.status-count", { status: name, count: counts[s] }))));
  const sort = el("select", { id: "recert-roster-sort" },
    Object.entries(SORTS).map(([key, [name]]) => el("option", { value: key }, name)));
  const draw = () => {
    state.shown.rosterView += 1;
    const view = state.shown.rosterView;
    const shown = people.map((p, i) => i).filter((i) => !filter.value || statusOf(people[i]) === filter.value);
    const compare = SORTS[sort.value][1];
    shown.sort((a, b) => compare(people[a], people[b]) || a - b);
    body.replaceChildren();
    summaryTable.dataset.drawn = "";
    summaryTable.dataset.shown = String(shown.length);
    let drawn = 0;
    const drawMore = () => {
      if (view !== state.shown.rosterView || (drawn && !body.isConnected)) return; // redrawn, or another file checked
      body.append(...shown.slice(drawn, drawn + ROSTER_CHUNK).map((i) => tableRow(HEAD, cells(people[i], i), { "data-status": statusOf(people[i]) })));
      drawn += ROSTER_CHUNK;
      if (drawn < shown.length) setTimeout(drawMore, 0);
      else summaryTable.dataset.drawn = "all";
    };
    drawMore();
  };
  filter.addEventListener("change", draw);
  sort.addEventListener("change", draw);
  draw();
  // One listener for every row: a person's row opens (and closes) their report below it.
  body.addEventListener("click", (event) => {
    const button = event.target.closest("button.recert-person-open");
    if (button) togglePerson(button, people[Number(button.dataset.index)]);
  });
  const controls = el("div", { class: "recert-roster-controls" },
    el("div", { class: "recert-field" }, el("label", { for: "recert-roster-filter" }, say("roster.show")), filter),
    el("div", { class: "recert-field" }, el("label", { for: "recert-roster-sort" }, say("roster.sort-by")), sort));
  return [controls, summaryTable];
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
  const cell = el("td", { colspan: row.children.length }, el("p", {}, say("roster.checking-person", { person: person.person })));
  const detail = el("tr", { class: "recert-person", "data-person": person.person, "data-index": index }, cell);
  row.after(detail);
  const answer = await pageCall("person_report", [index]).catch((error) => ({ ok: false, error: error.message }));
  if (!detail.isConnected) return; // another file was checked meanwhile
  cell.replaceChildren(...(answer.ok ? personReport(answer.report, index) : [el("p", { role: "alert" }, answer.error)]));
  detail.dataset.loaded = answer.ok ? "yes" : "no";
}

function personReport(p, i) {
  const own = p.file.notes.filter((note) => note.code === "person-level"); // the level and cycle they are judged at
  return [
    el("p", { class: "recert-person-verdict" }, p.verdict),
    ...own.map((note) => el("p", { "data-code": note.code }, note.message)),
    p.unverified.length ? el("p", {}, say("roster.person-unverified", { count: p.unverified.length })) : null,
    table(say("roster.person-components", { person: p.person }), [say("table.component"), say("table.required"), say("table.counted"), say("table.short")],
      Object.entries(p.components).map(([name, c]) => [COMPONENTS[name], hours(c.required), hours(c.counted), hours(c.short)])),
    table(say("roster.person-courses", { person: p.person }), PERSON_HEAD,
      p.rows.map((row) => [row.file ? say("report.row-where", { file: row.file, line: row.line }) : String(row.line), row.date, row.title, row.hours === null ? "" : String(row.hours),
        el("span", { class: `recert-status-${row.status}` }, row.status),
        el("ul", {}, row.reasons.map((r) => el("li", { "data-code": r.code }, r.message)))]), `recert-person-rows recert-person-${i}`),
    p.next_steps.needs.length ? el("ul", { class: "recert-needs" }, p.next_steps.needs.map((n) => el("li", {}, n.message))) : null,
  ].filter(Boolean);
}
