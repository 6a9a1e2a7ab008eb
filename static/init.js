// Progressive enhancement only: every task works without JavaScript.
import { initAll } from "./govuk-frontend.min.js";

initAll();
