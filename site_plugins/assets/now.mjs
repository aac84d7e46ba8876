// "Now" on the pages that depend on it, taken from the reader's own clock rather than the build's: a copy
// of the site published once must not say "renewing now" for last year's cards months later.
// The build renders the same choice for its own date, which stays as the fallback without JavaScript.
//
// What the pages mark (site_plugins/templates):
// - [data-recert-today]: its text becomes today's date, as the pages write dates ("November 22, 2026");
// - [data-recert-now]: a group of cycles, each an element with data-expires="YYYY-MM-DD" (the card
//   expiration of its cycle) around its button: the nearest two cycles not yet expired are shown, the
//   first as the primary button, the rest hidden; with none left, the whole group is hidden;
// - select[data-recert-now]: its options carry data-expires: the first not yet expired is selected;
// The checker page loads this module before checker.mjs, so an address such as ?cycle=2027 still wins
// (and checker.mjs makes the NREMT expiration follow the cycle).

const CURRENT = 2; // cycles shown as "renewing now"

function localDate(now) {
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
}

// The elements whose cycle has not expired by `today`, nearest first (a select lists the newest first).
function openCycles(elements, today) {
  return elements.filter((element) => element.dataset.expires >= today)
    .sort((a, b) => a.dataset.expires.localeCompare(b.dataset.expires));
}

function apply(now = new Date()) {
  const today = localDate(now);
  const written = new Intl.DateTimeFormat("en-US", { month: "long", day: "numeric", year: "numeric" }).format(now);
  for (const element of document.querySelectorAll("[data-recert-today]")) element.textContent = written;

  for (const group of document.querySelectorAll("[data-recert-now]:not(select)")) {
    const cycles = [...group.querySelectorAll("[data-expires]")];
    const shown = openCycles(cycles, today).slice(0, CURRENT);
    for (const cycle of cycles) {
      cycle.hidden = !shown.includes(cycle);
      cycle.querySelector(".md-button")?.classList.toggle("md-button--primary", cycle === shown[0]);
    }
    group.hidden = shown.length === 0;
  }

  for (const select of document.querySelectorAll("select[data-recert-now]")) {
    const [first] = openCycles([...select.options], today);
    if (first) select.value = first.value;
  }
}

apply();
