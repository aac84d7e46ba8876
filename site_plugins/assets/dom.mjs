// The checker page's elements, found once, and what every part of the page draws with. Every value
// from the user's file is written with text nodes (el()), never parsed as HTML.

import { say } from "./wording.mjs";

export const byId = (id) => document.getElementById(id);
export const root = byId("recert-checker");
export const form = { level: byId("recert-level"), cycle: byId("recert-cycle"), file: byId("recert-file") };
export const situation = {
  nremt: byId("recert-nremt"), nremtExpires: byId("recert-nremt-expires"),
  affiliated: byId("recert-affiliated"), region: byId("recert-region"),
  roles: [...document.querySelectorAll('#recert-form input[name="role"]')],
};
export const statusLine = byId("recert-status");
export const progress = byId("recert-progress");
export const errorBox = byId("recert-error");
export const reportBox = byId("recert-report");
export const planBox = byId("recert-plan");
export const mappingBox = byId("recert-mapping");
export const editorBox = byId("recert-editor");

export const COMPONENTS = { national: say("components.national"), local: say("components.local"), individual: say("components.individual") };
export const LEVELS = Object.fromEntries([...form.level.options].map((o) => [o.value, o.textContent]));

// The instructor and examiner roles ticked, comma-separated: the report lists their deadline only then.
export function chosenRoles() {
  return situation.roles.filter((box) => box.checked).map((box) => box.value).join(",");
}

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  // append() makes a text node of every string: the user's values are never parsed as HTML.
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export const hours = (n) => (n === null || n === undefined ? say("hours.none") : say("hours.some", { hours: n }));

export function table(caption, head, rows, className) {
  // No class on the table itself: the theme styles `table:not([class])`. On a phone a table of four
  // columns or more is drawn a block per row, each value under its column's name (`data-label`,
  // extra.css's .recert-stack), so that nothing scrolls sideways; the courses table has its own layout.
  const stacked = head.length >= 4 && !String(className).includes("recert-rows");
  return el("div", { class: ["md-typeset__scrollwrap", className, stacked ? "recert-stack" : null].filter(Boolean).join(" ") },
    el("div", { class: "md-typeset__table" }, el("table", {},
      el("caption", {}, caption),
      el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows.map((cells) => tableRow(head, cells))),
    )));
}

// One row of a table(): each cell keeps its column's name (`data-label`), which a phone shows before it.
export function tableRow(head, cells, attributes = {}) {
  return el("tr", attributes, cells.map((c, i) => el("td", { "data-label": head[i] }, c)));
}

export function showError(message) {
  errorBox.hidden = false;
  errorBox.replaceChildren(el("p", {}, el("strong", {}, say("report.unusable")), message));
}

export function download(name, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = el("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
