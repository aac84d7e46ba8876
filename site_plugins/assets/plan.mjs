// The renewal plan: the steps that apply to the reader's situation (level, cycle, NREMT, agency,
// region, roles), in order, with their deadlines, fees, contacts and sources, and a calendar file.
// No plan until the reader has stated their situation (a plan for a situation they never chose can
// alarm them for nothing): the "Show my renewal plan" button, any change to the situation, or an
// address that carries it (checker.mjs).
import { chosenRoles, download, el, form, planBox, situation } from "./dom.mjs";
import { call, fromJson, localDate } from "./calls.mjs";
import { state } from "./state.mjs";
import { say } from "./wording.mjs";

export function plan() {
  const hasNremt = ["current", "inactive"].includes(situation.nremt.value);
  situation.nremtExpires.disabled = !hasNremt;
  // The NREMT expiration follows the card's year (the aligned case) until the reader changes it.
  if (!state.plan.nremtExpiresChosen && [...situation.nremtExpires.options].some((o) => o.value === form.cycle.value)) {
    situation.nremtExpires.value = form.cycle.value;
  }
  if (!state.ready || !state.plan.stated) return;
  const request = call("plan", form.level.value, form.cycle.value, situation.nremt.value,
    hasNremt ? situation.nremtExpires.value : "", situation.affiliated.value, situation.region.value,
    chosenRoles(), localDate());
  state.plan.request = request;
  request.then(
    (answer) => request === state.plan.request && showPlan(fromJson(answer.payload)),
    (error) => request === state.plan.request && showPlan({ ok: false, error: say("plan.failed", { error: error.message }) }),
  );
}

function showPlan(result) {
  if (!result.ok) {
    planBox.hidden = false;
    planBox.replaceChildren(el("h2", { id: "recert-plan-title" }, say("plan.title")), el("p", { role: "alert" }, result.error));
    return;
  }
  const p = result.plan;
  const sections = [el("h2", { id: "recert-plan-title" }, say("plan.title"))];
  if (p.late) sections.push(el("div", { class: "admonition danger" }, el("p", { class: "admonition-title" }, say("plan.late")), el("p", {}, p.late)));
  if (p.provisional) {
    sections.push(el("p", { class: "recert-provisional" },
      say("plan.provisional")));
  }
  sections.push(el("ol", { class: "recert-steps" }, p.steps.map(planStep)));
  const calendar = el("button", { type: "button", class: "md-button", id: "recert-calendar" }, say("plan.calendar"));
  calendar.addEventListener("click", () =>
    download(`recert-plan-${p.situation.level}-${p.situation.expires}.ics`, result.ics, "text/calendar"));
  sections.push(el("p", {}, calendar));
  planBox.replaceChildren(...sections);
  planBox.hidden = false;
}

function planStep(step) {
  const sourceLink = (id) => el("a", { href: `../sources/#${id}` }, id);
  return el("li", { "data-step": step.id },
    el("h3", {}, step.title + (step.provisional_reasons.length ? say("report.provisional-mark") : "")),
    deadline(step),
    el("p", {}, step.detail),
    step.fees.length ? el("ul", {}, step.fees.map((fee) => el("li", {}, say("plan.fee", { fee })))) : null,
    ...step.contacts.map(contact),
    el("p", { class: "recert-sources" }, say("plan.sources"), step.sources.flatMap((id, i) => (i ? [", ", sourceLink(id)] : [sourceLink(id)]))),
    step.provisional_reasons.length
      ? el("details", {}, el("summary", {}, say("plan.why-provisional")), el("ul", {}, step.provisional_reasons.map((r) => el("li", {}, r))))
      : null,
  );
}

function deadline(step) {
  if (!step.deadline_text) return null;
  return el("p", { class: step.passed ? "recert-passed" : "recert-deadline" },
    el("strong", {}, `${step.deadline_label}: ${step.deadline_text}${step.days_left_text}`));
}

// Contacts as links: the plan's own (recert_core.links: mailto:, tel: and https: only), never an
// address from the data made into a link here.
function contact(c) {
  const ways = c.links.map((link) => el("a", { href: link.href }, link.text));
  return el("p", {}, say("plan.contact", { name: c.name }), ...(ways.length ? [": "] : []),
    ...ways.flatMap((link, i) => (i ? [", ", link] : [link])));
}
