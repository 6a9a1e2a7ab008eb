// Progressive enhancement only: every task works without JavaScript.
import { initAll } from "./govuk-frontend.min.js";

initAll();

for (const button of document.querySelectorAll("[data-app-print]")) {
  button.addEventListener("click", () => window.print());
}
