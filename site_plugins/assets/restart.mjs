// What the reader sees when the checker cannot go on by itself: it could not start, its start or a
// check takes longer than it should (calls.mjs's time limits), or a check failed. The page says what
// happened and offers "Start the checker again": a fresh worker, and, each only if ticked, Python's
// saved state, the site's files kept on this device, and the remembered column choices and courses
// cleared first (calls.mjs's restart()).
import { el, errorBox, root, statusLine } from "./dom.mjs";
import { restart } from "./calls.mjs";

const CLEARED = [
  ["snapshot", "Python's saved state on this device (the next start takes a few seconds more)"],
  ["files", "the site's files kept on this device (they are downloaded again)"],
  ["choices", "the column choices and courses remembered on this device"],
];

// `sentence`: what happened, in the reader's words.
export function offerRestart(sentence) {
  const boxes = CLEARED.map(([name, label]) =>
    el("label", { class: "recert-restart-clear" }, el("input", { type: "checkbox", name, "data-clear": name }), ` Also clear ${label}`));
  const button = el("button", { type: "button", class: "md-button md-button--primary", id: "recert-restart" },
    "Start the checker again");
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
    el("fieldset", { class: "recert-restart" }, el("legend", {}, "Start again, and also clear (if you wish):"), ...boxes),
    el("p", {}, button),
  );
  errorBox.hidden = false;
  root.dataset.stuck = "yes";
}

export function couldNotStart(message) {
  statusLine.textContent = "The checker could not start.";
  offerRestart(`The checker could not start (${message}). The command-line checker gives the same result.`);
}

// calls.mjs's hooks.stuck: a start without progress, or a call unanswered, past its time limit.
export function tookTooLong({ what, name, seconds }) {
  if (what === "start") {
    offerRestart(`The checker has not moved on for ${seconds} seconds while starting. The connection may be slow or lost; you can wait, or start it again.`);
    return;
  }
  const doing = name === "run_check" || name === "preview" ? "Checking your file" : "The checker";
  offerRestart(`${doing} has taken more than ${seconds} seconds. It may still finish; if it does not, start the checker again (your file is not lost: choose it again).`);
}
