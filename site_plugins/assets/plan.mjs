// The renewal plan: the steps that apply to the reader's situation (level, cycle, NREMT, agency,
// region, roles), in order, with their deadlines, fees, contacts and sources, and a calendar file.
// No plan until the reader has stated their situation (a plan for a situation they never chose can
// alarm them for nothing): the "Show my renewal plan" button, any change to the situation, or an
// address that carries it (checker.mjs).
import { chosenRoles, download, el, form, planBox, situation } from "./dom.mjs";
import { call, fromJson, localDate } from "./calls.mjs";
import { state } from "./state.mjs";

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
    (error) => request === state.plan.request && showPlan({ ok: false, error: `The plan could not be made (${error.message}). Please report it.` }),
  );
}

function showPlan(result) {
  if (!result.ok) {
    planBox.hidden = false;
    planBox.replaceChildren(el("h2", { id: "recert-plan-title" }, "Your renewal plan"), el("p", { role: "alert" }, result.error));
    return;
  }
  const p = result.plan;
  const sections = [el("h2", { id: "recert-plan-title" }, "Your renewal plan")];
  if (p.late) sections.push(el("div", { class: "admonition danger" }, el("p", { class: "admonition-title" }, "Late"), el("p", {}, p.late)));
  if (p.provisional) {
    sections.push(el("p", { class: "recert-provisional" },
      "Steps marked provisional rest on rules no source confirms for this cycle; check with your training officer or regional office."));
  }
  sections.push(el("ol", { class: "recert-steps" }, p.steps.map(planStep)));
  const calendar = el("button", { type: "button", class: "md-button", id: "recert-calendar" }, "Add the deadlines to my calendar");
  calendar.addEventListener("click", () =>
    download(`recert-plan-${p.situation.level}-${p.situation.expires}.ics`, result.ics, "text/calendar"));
  sections.push(el("p", {}, calendar));
  planBox.replaceChildren(...sections);
  planBox.hidden = false;
}

function planStep(step) {
  const sourceLink = (id) => el("a", { href: `../sources/#${id}` }, id);
  return el("li", { "data-step": step.id },
    el("h3", {}, step.title + (step.provisional_reasons.length ? " (provisional)" : "")),
    deadline(step),
    el("p", {}, step.detail),
    step.fees.length ? el("ul", {}, step.fees.map((fee) => el("li", {}, `Fee: ${fee}`))) : null,
    ...step.contacts.map(contact),
    el("p", { class: "recert-sources" }, "Sources: ", step.sources.flatMap((id, i) => (i ? [", ", sourceLink(id)] : [sourceLink(id)]))),
    step.provisional_reasons.length
      ? el("details", {}, el("summary", {}, "Why provisional"), el("ul", {}, step.provisional_reasons.map((r) => el("li", {}, r))))
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
  return el("p", {}, `Contact: ${c.name}`, ...(ways.length ? [": "] : []),
    ...ways.flatMap((link, i) => (i ? [", ", link] : [link])));
}
