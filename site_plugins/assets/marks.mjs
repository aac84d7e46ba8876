// Performance marks, for benchmarks/bench.py and the browser's own performance panel: the start-up
// ("recert-start:<step>", the worker's steps) and the latest file checked, from the file chosen to its
// verdict painted ("recert:<step>": chosen, read, posted, python-start, python-done, answered, parsed,
// built, painted). The worker's times come as wall-clock times and are placed on the page's clock.
import { root } from "./dom.mjs";
import { state } from "./state.mjs";

export const pageTime = (wallClock) => wallClock - performance.timeOrigin;

export function mark(name, at = undefined) {
  try {
    performance.mark(name, at === undefined ? undefined : { startTime: Math.max(0, at) });
  } catch {
    // a browser without User Timing level 3: no figures, nothing else changes
  }
}

// A step of the check being timed (state.timing); "chosen" starts timing a new one.
export function timeFrom(step) {
  if (step === "chosen") {
    for (const entry of performance.getEntriesByType("mark")) {
      if (entry.name.startsWith("recert:")) performance.clearMarks(entry.name);
    }
    state.timing = -1;
  }
  if (state.timing) mark(`recert:${step}`);
}

// Painted: the frame with the report has been drawn (a task queued from requestAnimationFrame runs
// once that frame is on screen).
export function timePainted(check) {
  if (state.timing !== check) return;
  state.timing = 0;
  mark("recert:built");
  requestAnimationFrame(() => setTimeout(() => {
    mark("recert:painted");
    const [chosen] = performance.getEntriesByName("recert:chosen");
    if (chosen) root.dataset.shownMs = String(Math.round(performance.now() - chosen.startTime));
  }, 0));
}
