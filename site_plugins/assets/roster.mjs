// A training officer's file: one line per person (met, short per component). The worker sends only
// these lines; a person's report (the same JSON as in `recert check --format json`'s {"people": [...]})
// is asked for when that person's row is opened, so a roster of thousands draws at once.
import { COMPONENTS, LEVELS, el, errorBox, hours, reportBox, root, statusLine, table } from "./dom.mjs";
import { offer, pageCall } from "./calls.mjs";
import { state } from "./state.mjs";

const ROSTER_CHUNK = 250; // people drawn per task in a roster's table

// `about`: what the report is about, as report.mjs's show() takes it.
export function showRoster(result, about) {
  errorBox.hidden = true;
  const { people, roster } = result;
  const met = people.filter((p) => p.met).length;
  root.dataset.result = "roster";
  statusLine.textContent = `Checked ${about.name}: ${people.length} people.`;
  state.shown.base = `recert-roster-${roster.level}-${roster.cycle}`;
  const json = el("button", { type: "button", class: "md-button md-button--primary", id: "recert-download-json" }, "Download JSON");
  const csv = el("button", { type: "button", class: "md-button", id: "recert-download-csv" }, "Download summary CSV");
  json.addEventListener("click", offer("json", "application/json"));
  csv.addEventListener("click", offer("csv", "text/csv"));
  reportBox.replaceChildren(
    el("h2", { id: "recert-verdict", tabindex: "-1" }, `Roster: ${people.length} ${people.length === 1 ? "person" : "people"}, ${met} met the requirements.`),
    el("p", {}, `${LEVELS[roster.level] ?? roster.level}, cards expiring in ${roster.cycle}. Each person's courses are checked on their own; duplicates are looked for within each person's courses.`),
    el("p", { class: "recert-actions" }, json, " ", csv),
    summary(people),
    ...(about.columns?.(roster.file) ?? []),
  );
  reportBox.hidden = false;
}

// The summary by person, drawn a few hundred people at a time, each batch in its own task, so that a
// roster of thousands never holds the page; `data-drawn` says when every person is in the table.
function summary(people) {
  const shortOf = (p) => Object.keys(COMPONENTS).map((c) => hours(p.short[c]));
  const rowOf = (p, i) => el("tr", {}, [
    el("button", { type: "button", class: "recert-link recert-person-open", "aria-expanded": "false", "data-index": i }, p.person),
    p.met ? "yes" : p.met_if_verified ? "not yet: met once approvals are verified" : "no",
    ...shortOf(p)].map((c) => el("td", {}, c)));
  const summary = table("Summary by person (open a person for their report)",
    ["Person", "Met", ...Object.values(COMPONENTS).map((c) => `${c} short`)], [], "recert-roster");
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
  return summary;
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
