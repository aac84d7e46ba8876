// What the reader sees when the checker cannot go on by itself: it could not start, its start or a
// check takes longer than it should (calls.mjs's time limits), or a check failed. The page says what
// happened and offers "Start the checker again": a fresh worker, and, each only if ticked, Python's
// saved state, the site's files kept on this device, and the remembered column choices and courses
// cleared first (calls.mjs's restart()).
import { el, errorBox, root, statusLine } from "./dom.mjs";
import { restart } from "./calls.mjs";
import { say } from "./wording.mjs";

const CLEARED = [
  ["snapshot", say("restart.clear-snapshot")],
  ["files", say("restart.clear-files")],
  ["choices", say("restart.clear-choices")],
];

// `sentence`: what happened, in the reader's words.
export function offerRestart(sentence) {
  const boxes = CLEARED.map(([name, label]) =>
    el("label", { class: "recert-restart-clear" }, el("input", { type: "checkbox", name, "data-clear": name }), say("restart.also-clear", { what: label })));
  const button = el("button", { type: "button", class: "md-button md-button--primary", id: "recert-restart" },
    say("restart.button"));
  button.addEventListener("click", () => {
    const chosen = Object.fromEntries(boxes.map((label) => {
      const box = label.querySelector("input");
      return [box.name, box.checked];
    }));
    errorBox.hidden = true;
    errorBox.replaceChildren();
    restart(chosen);
  });
  errorBox.replaceChildren(
    el("p", {}, sentence),
    el("fieldset", { class: "recert-restart" }, el("legend", {}, say("restart.legend")), ...boxes),
    el("p", {}, button),
  );
  errorBox.hidden = false;
  root.dataset.stuck = "yes";
}

export function couldNotStart(message) {
  statusLine.textContent = say("calls.could-not-start");
  offerRestart(say("restart.could-not-start", { message }));
}

// calls.mjs's hooks.stuck: a start without progress, or a call unanswered, past its time limit.
export function tookTooLong({ what, name, seconds }) {
  if (what === "start") {
    offerRestart(say("restart.start-stalled", { seconds }));
    return;
  }
  offerRestart(name === "run_check" || name === "preview" ? say("restart.check-slow", { seconds }) : say("restart.call-slow", { seconds }));
}
