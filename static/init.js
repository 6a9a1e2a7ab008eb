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
