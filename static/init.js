// Progressive enhancement only: every task works without JavaScript.
import { initAll } from "./govuk-frontend.min.js";

initAll();

for (const button of document.querySelectorAll("[data-app-print]")) {
  button.addEventListener("click", () => window.print());
}

// GOV.UK Frontend marks a radio that reveals more questions with aria-expanded, which ARIA does not
// allow on a radio (axe aria-allowed-attr, a known issue: alphagov/govuk-frontend#979). The pages
// must pass axe, and the revealed questions follow the radio in reading order, so the attribute is
// dropped each time the radios script sets it (on load, on a click or key choice, on pageshow).
const dropRadioExpanded = () => {
  for (const radio of document.querySelectorAll("input[type=radio][aria-expanded]")) {
    radio.removeAttribute("aria-expanded");
  }
};
dropRadioExpanded();
document.addEventListener("click", dropRadioExpanded);
window.addEventListener("pageshow", dropRadioExpanded);

// The cut-off explorer (a GET form): with JavaScript, changing an answer shows the new figures in
// place (the results region is a polite live region) and keeps the address bookmarkable. While an
// answer is incomplete or wrong nothing changes: the button sends the form, and its messages say why.
for (const form of document.querySelectorAll("form[data-app-live-form]")) {
  const results = document.getElementById(form.dataset.appLiveForm);
  if (!results) continue;
  let latest = 0;
  form.addEventListener("change", async () => {
    const query = new URLSearchParams(new FormData(form)).toString();
    const url = `${window.location.pathname}?${query}`;
    const request = ++latest;
    try {
      const response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (request !== latest) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById(results.id);
      if (!response.ok || page.querySelector(".govuk-error-summary") || !fresh) return;
      results.innerHTML = fresh.innerHTML;
      window.history.replaceState(null, "", url);
    } catch {
      // Offline or the server did not answer: the button still sends the form.
    }
  });
}
